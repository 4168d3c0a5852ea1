import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startWorld } from './harness.js';

/**
 * Issue 29 item 12: `jianlou holds` says in words that the portal did not give a hold's end (the
 * demo portal's kind expires), instead of "expires —".
 */
describe('jianlou holds: a hold whose end the portal did not give', () => {
  let world: CliWorld;

  beforeAll(async () => {
    world = await startWorld(); // locale: zh
    await world.withRuntime(async (rt) => {
      await rt.repos.holds.create({
        id: 'hold/sister/ART-101/1',
        accountId: 'mom',
        targetId: 'art',
        childId: 'sister',
        courseId: 'ART-101',
        portal: { id: 'R-1', courseId: 'ART-101', heldAt: '2027-01-10T01:00:00.000Z', expiresAt: null },
        status: 'held',
        createdAt: '2027-01-10T01:00:00.000Z',
      });
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('reads 报名网站没说保留到什么时候 under zh and says so under en, never "—"', async () => {
    const zh = await world.cli('holds');
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/姐姐（sister）\s+ART-101\s+保留中\s+报名网站没说保留到什么时候/);
    expect(zh.stdout).not.toContain('—\n');
    expect(zh.stdout).not.toMatch(/保留到 —/);

    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replace(/^locale: \w+$/m, 'locale: en'),
    );
    const en = await world.cli('holds');
    expect(en.stdout).toMatch(/ART-101\s+held\s+the portal did not say when it expires/i);
    expect(en.stdout).not.toContain('expires —');
  }, 60_000);
});
