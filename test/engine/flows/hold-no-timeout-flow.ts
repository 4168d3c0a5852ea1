import demo from '../../../flows/demo-portal.js';
import { defineFlow, type FlowContext } from '../../../src/flow/public.js';

/**
 * The demo portal's flow whose hold and release first send one request with no timeout and no
 * signal (issue 26), as a step written without a bound would: `POST /probe/hold` or
 * `/probe/release`. The test's proxy in front of the demo portal answers it at once, or never.
 */
async function probe(ctx: FlowContext, what: 'hold' | 'release'): Promise<void> {
  await ctx.request.post(`${ctx.baseUrl}/probe/${what}`, { timeout: 0 });
}

export default defineFlow({
  ...demo,
  name: 'hold-no-timeout',
  async hold(ctx, course, child) {
    await probe(ctx, 'hold');
    return demo.hold!(ctx, course, child);
  },
  async release(ctx, held) {
    await probe(ctx, 'release');
    return demo.release!(ctx, held);
  },
});
