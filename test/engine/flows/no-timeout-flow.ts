import { defineFlow } from '../../../src/flow/public.js';

/**
 * A flow whose observe ignores the check's deadline (issue 26): it opens the course page with no
 * timeout and no signal, as a step written without a bound would. The portal behind it (a local
 * server in the test) accepts the connection and never answers.
 */
export default defineFlow({
  name: 'no-timeout',
  observeProvesLogin: true,
  checkSession: async () => 'ok',
  loginUrl: (ctx) => `${ctx.baseUrl}/login`,
  isLoggedIn: async () => true,
  async observe(ctx) {
    const page = await ctx.page();
    await page.goto(`${ctx.baseUrl}/courses`, { timeout: 0 });
    return [];
  },
});
