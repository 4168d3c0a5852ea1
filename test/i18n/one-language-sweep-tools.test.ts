import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TryResult } from '../../src/app/flow-tools/flow-try.js';
import { enDemo, zhDemo } from '../../src/i18n/demo-messages.js';
import { alertText, sweep } from './sweep/detect.js';
import { type Run, useLoggedInSweepWorld } from './sweep/world.js';

/** Issue 29, the one-language sweep: the tools a parent meets — flow try, surges suggest, portal, demo. */
const both = (r: Run) => `${r.stdout}\n${r.stderr}`;

for (const locale of ['zh', 'en'] as const) {
  describe(`the sweep (${locale}): flow try, surges suggest, portal, demo`, () => {
    const sweepWorld = useLoggedInSweepWorld(locale);

    it('flow try (read and a changed portal), surges suggest and portal', async () => {
      const world = sweepWorld();
      const outputs: Record<string, string> = {};
      world.portal.admin.setSeats('ART-101', 2);
      outputs['flow try'] = both(await world.cli('flow', 'try'));
      world.portal.admin.setFault('all', 'redesign');
      outputs['flow try (redesign)'] = both(await world.cli('flow', 'try'));
      // The flow's own message stays as the flow wrote it (its --json is the developers' English).
      const json = JSON.parse((await world.cli('flow', 'try', '--json')).stdout) as TryResult;
      const flowWords = json.accounts.flatMap((a) => [
        ...(a.session.ok ? [] : [a.session.failure.message]),
        ...(a.observe && !a.observe.ok ? [a.observe.failure.message] : []),
      ]);
      expect(flowWords.length).toBeGreaterThan(0);
      world.portal.admin.setFault('all', 'none');
      outputs['surges suggest'] = both(await world.cli('surges', 'suggest'));
      const portal = world.serve(['portal', '--port', '0', '--test-mode']);
      await portal.until(/Ctrl-C/);
      await portal.stop();
      outputs.portal = portal.out();
      expect(sweep(locale, outputs, [...world.known(), ...flowWords])).toEqual([]);
    }, 600_000);

    it('demo (short): the story, and the alerts its group received', async () => {
      const world = sweepWorld();
      const report = join(world.dir, 'demo-report.json');
      const demo = await world.cli(
        'demo',
        '--auto-approve',
        '--exit-after',
        '150',
        '--locale',
        locale,
        '--report',
        report,
      );
      expect(demo.code, demo.stderr).toBe(0);
      const received = JSON.parse(readFileSync(report, 'utf8')).received as { body: unknown }[];
      const alerts = received.map((m) => alertText(m.body)).join('\n');
      // jianlou's own log lines, shown dimmed in the story, stay English (developers read logs).
      const story = both(demo)
        .split('\n')
        .filter((line) => !/\d\d:\d\d:\d\d (?:日志（\w+）：|log \(\w+\): )/.test(line))
        .join('\n');
      expect(story).toContain(locale === 'zh' ? zhDemo.ended.order('') : enDemo.ended.order(''));
      expect(sweep(locale, { demo: story, 'demo alerts': alerts }, world.known())).toEqual([]);
    }, 600_000);
  });
}
