import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jianlou, startWorld, type World } from './world.js';

/** Child processes each start Node and tsx (and Chromium where a page is asked for). */
const SLOW = 90_000;
const ROOT = new URL('../..', import.meta.url).pathname;

interface Report {
  exitCode: number;
  accounts: { accountId: string; outcome: string; detail?: string }[];
  observations: { courseId: string; state: string; seats: number | null }[];
  effects: { type: string; courseId?: string }[];
}

// Issue 17: Chromium only when a page is needed. With JIANLOU_CHROMIUM naming a file that does not
// exist and a PATH without any browser, every attempt to launch one fails (the control below shows
// it): a check that succeeds there started no browser process.
describe('issue 17: a check whose flow needs no page launches no Chromium', () => {
  let world: World;
  let noBrowser: NodeJS.ProcessEnv;

  beforeAll(async () => {
    world = await startWorld();
    await world.login(world.writeConfig());
    const emptyBin = join(world.dir, 'empty-bin');
    mkdirSync(emptyBin);
    noBrowser = { JIANLOU_CHROMIUM: join(world.dir, 'no-such-chromium'), PATH: emptyBin };
    // The demo flow reading the course pages: every observe asks for a page.
    writeFileSync(
      join(world.dir, 'pages-flow.ts'),
      `import { createDemoFlow } from ${JSON.stringify(`${ROOT}flows/demo-portal.ts`)};\n` +
        "export default createDemoFlow({ mode: 'pages' });\n",
    );
  }, SLOW);
  afterAll(async () => {
    await world?.close();
  });

  function pagesConfig(name: string): string {
    return world.writeConfig({ flow: './pages-flow.ts' }, name);
  }

  it('an API-only check (and its auto-hold) succeeds without any Chromium, and saves the session', {
    timeout: SLOW,
  }, async () => {
    world.portal.admin.setSeats('ART-101', 1);
    const sessionFile = join(world.dir, 'storage-state/mom.json');
    const before = statSync(sessionFile).mtimeMs;
    const file = world.writeConfig(
      { targets: [{ child: 'sister', courses: ['ART-101', 'ART-102'], autoHold: true }] },
      'api.yaml',
    );

    const run = await jianlou(file, ['check', '--json'], noBrowser);

    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.accounts).toMatchObject([{ accountId: 'mom', outcome: 'ok' }]);
    expect(report.observations).toEqual([
      expect.objectContaining({ courseId: 'ART-101', state: 'open', seats: 1 }),
      expect.objectContaining({ courseId: 'ART-102', state: 'full', seats: 0 }),
    ]);
    expect(report.effects.filter((e) => e.type === 'hold')).toEqual([
      expect.objectContaining({ courseId: 'ART-101' }),
    ]);
    // The demo flow's hold is API-only too: made and proven without a page.
    expect(world.portal.admin.state().carts).toEqual([
      expect.objectContaining({ courseId: 'ART-101', studentId: 'S001' }),
    ]);
    expect(run.stderr).not.toContain('JIANLOU_CHROMIUM');
    // Saving writes only what a session changed (merged onto the file): nothing did here, so the file
    // is the login's, untouched, and still holds its cookies.
    expect(statSync(sessionFile).mtimeMs).toBe(before);
    const after = JSON.parse(readFileSync(sessionFile, 'utf8')) as { cookies: unknown[] };
    expect(after.cookies.length).toBeGreaterThan(0);
  });

  it('doctor passes without Chromium (a warning), and a session imports without one', {
    timeout: SLOW,
  }, async () => {
    const file = world.writeConfig({ extra: 'locale: en' }, 'doctor.yaml'); // doctor's English lines
    const copied = join(world.dir, 'copied.json');
    writeFileSync(copied, readFileSync(join(world.dir, 'storage-state/mom.json')));
    const [doctor, imported] = await Promise.all([
      jianlou(file, ['doctor'], noBrowser),
      jianlou(
        world.writeConfig({ storageState: 'storage-state/imported.json' }, 'import.yaml'),
        ['login', 'mom', '--import', copied],
        noBrowser,
      ),
    ]);

    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(
      /^⚠ browser: no Chromium \(JIANLOU_CHROMIUM is set to .*use only ctx\.request/m,
    );
    expect(doctor.stdout).toContain(`✓ session mom: logged in at ${world.portal.url}`);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(world.dir, 'storage-state/imported.json'), 'utf8')) as {
      cookies: { name: string }[];
    };
    expect(saved.cookies.length).toBeGreaterThan(0);
    expect(statSync(join(world.dir, 'storage-state/imported.json')).mode & 0o777).toBe(0o600);
  });

  it('control: the same environment fails a check whose flow asks for a page', {
    timeout: SLOW,
  }, async () => {
    const run = await jianlou(pagesConfig('pages-nobrowser.yaml'), ['check', '--json'], noBrowser);

    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).not.toBe(0);
    expect(report.accounts[0]?.outcome).not.toBe('ok');
    expect(report.accounts[0]?.detail).toContain('JIANLOU_CHROMIUM is set to');
  });

  it('a flow step that asks for a page gets one (the browser launched on demand)', {
    timeout: SLOW,
  }, async () => {
    const run = await jianlou(pagesConfig('pages.yaml'), ['check', '--json', '--dry-run']);

    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.accounts).toMatchObject([{ accountId: 'mom', outcome: 'ok' }]);
    const seats = new Map(world.portal.admin.state().courses.map((c) => [c.id, c.seats]));
    expect(report.observations).toEqual([
      expect.objectContaining({ courseId: 'ART-101', seats: seats.get('ART-101') }),
      expect.objectContaining({ courseId: 'ART-102', state: 'full', seats: 0 }),
    ]);
  });
});
