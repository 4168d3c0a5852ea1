import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signLoginToken } from '../../src/approve/login-tokens.js';
import { alertText, pageText, sweep } from './sweep/detect.js';
import { type Run, SECRET, useLoggedInSweepWorld } from './sweep/world.js';

/**
 * Issue 29, the one-language sweep: the pages a parent opens from the group (approval confirm, done
 * and error pages, the status page, the phone login page and its expired link) as `jianlou watch`
 * serves them, and the alerts the group's fake WeCom robot received.
 */
const both = (r: Run) => `${r.stdout}\n${r.stderr}`;

async function get(url: string): Promise<string> {
  const res = await fetch(url);
  return `${res.status}\n${pageText(await res.text())}`;
}

/** Posts the confirm page's form back to its own link, as a phone's browser does. */
async function confirm(url: string): Promise<string> {
  const html = await (await fetch(url)).text();
  const form = html.match(/<form id="decide"[\s\S]*?<\/form>/)?.[0] ?? '';
  const fields = new URLSearchParams();
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
  }
  expect(fields.get('proof'), 'the confirm page has its form').toBeTruthy();
  const res = await fetch(url, { method: 'POST', body: fields });
  return `${res.status}\n${pageText(await res.text())}`;
}

for (const locale of ['zh', 'en'] as const) {
  describe(`the sweep (${locale}): pages served by watch, and the alerts`, () => {
    const sweepWorld = useLoggedInSweepWorld(locale);

    it('every page and alert a parent reads is in the one language', async () => {
      const world = sweepWorld();
      const outputs: Record<string, string> = {};
      world.portal.admin.setSeats('ART-101', 1);
      world.portal.admin.setSeats('ART-102', 1);
      expect((await world.cli('check')).code).toBe(0);
      const links = world.sink
        .received()
        .map((m) => JSON.stringify(m.body))
        .join('\n')
        .match(/http:\/\/127\.0\.0\.1:\d+\/h\/[\w.-]+/g);
      expect(links?.length, 'approve and release links in the alert').toBeGreaterThanOrEqual(2);
      const [approve, release] = [links![0]!, links![1]!];

      const watch = world.serve(['watch']);
      await waitFor(`${world.publicUrl}/healthz`);

      outputs['confirm (approve)'] = await get(approve);
      outputs['confirm (release)'] = await get(release);
      outputs['done (approve)'] = await confirm(approve);
      outputs['used link'] = await get(approve);
      outputs['other link after a decision'] = await get(release);
      outputs['bad link'] = await get(`${world.publicUrl}/h/not-a-token`);
      const link = await world.cli('status', '--link');
      outputs['status --link'] = both(link);
      const statusUrl = link.stdout.match(/http:\/\/\S+\/s\/\S+/)?.[0];
      expect(statusUrl, link.stdout).toBeDefined();
      outputs['status page'] = await get(statusUrl!);

      const remote = await world.cli('login', 'mom', '--remote', '--timeout', '10');
      outputs['login --remote'] = both(remote);
      const relay = remote.stdout.match(/http:\/\/\S+\/login\/[\w.-]+/)?.[0];
      expect(relay, remote.stdout).toBeDefined();
      outputs['relay page'] = await get(relay!);
      const old = new Date(Date.now() - 3_600_000);
      const expired = signLoginToken(
        { accountId: 'mom', expiresAt: old, nonce: randomBytes(12).toString('base64url') },
        SECRET,
      );
      outputs['expired relay link'] = await get(`${world.publicUrl}/login/${expired}`);
      outputs['bad relay link'] = await get(`${world.publicUrl}/login/nonsense.x`);
      await watch.stop();
      outputs.watch = watch.out();
      outputs.alerts = world.sink
        .received()
        .map((m) => alertText(m.body))
        .join('\n');
      expect(sweep(locale, outputs, world.known())).toEqual([]);
    }, 600_000);
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}
