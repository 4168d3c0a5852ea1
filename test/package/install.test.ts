import { type SpawnOptions, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { startSink } from '../../src/sink/sink.js';

/**
 * Issue 13 acceptance: jianlou as a family installs it. The project is packed, the tarball installed
 * into an empty folder, `npx jianlou init` makes the family's files there, a flow of their own reads
 * the demo portal's JSON API, and `jianlou check --dry-run` and `jianlou demo` run from that folder,
 * on the compiled package (NODE_OPTIONS cleared: no source condition, no tsx at start).
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'jianlou-package-'));
const family = join(dir, 'family');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WECOM_WEBHOOK: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=unused',
    JIANLOU_SECRET: 'package-test-secret-0123456789abcdef',
  };
  delete env.NODE_OPTIONS;
  const options: SpawnOptions = { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs };
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function ok(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * The lock file for the family's folder: jianlou from the tarball, its dependencies at the versions
 * of our own lock file. With it npm installs from the machine's cache (a plain `npm install <tarball>`
 * needs registry metadata the cache may not have); a package the cache lacks (a dependency added since the
 * cache was filled) is fetched once by its locked URL and integrity (--prefer-offline).
 */
function familyLock(tarballSpec: string): object {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const packages: Record<string, object> = { '': { dependencies: { jianlou: tarballSpec } } };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== '' && !entry.dev) packages[path] = entry;
  }
  packages['node_modules/jianlou'] = {
    version: pkg.version,
    resolved: tarballSpec,
    license: pkg.license,
    dependencies: pkg.dependencies,
    bin: pkg.bin,
    engines: pkg.engines,
  };
  return { name: 'family', lockfileVersion: 3, requires: true, packages };
}

/** The family's own flow: the demo portal's JSON API, through nothing but `jianlou/flow`. */
const FLOW = `import { defineFlow, PortalChangedError, SessionExpiredError, type Observation } from 'jianlou/flow';

export default defineFlow({
  name: 'family-demo-api',
  async checkSession(ctx) {
    const r = await ctx.request.get(\`\${ctx.baseUrl}/api/session\`, { failOnStatusCode: false });
    return r.ok() ? 'ok' : 'expired';
  },
  loginUrl: (ctx) => \`\${ctx.baseUrl}/login\`,
  async isLoggedIn(ctx) {
    return (await ctx.request.get(\`\${ctx.baseUrl}/api/session\`, { failOnStatusCode: false })).ok();
  },
  async observe(ctx, courses): Promise<Observation[]> {
    const seen: Observation[] = [];
    for (const course of courses) {
      const r = await ctx.request.get(\`\${ctx.baseUrl}/api/courses/\${course.id}\`, { failOnStatusCode: false });
      if (r.status() === 401) throw new SessionExpiredError(\`session expired: run jianlou login \${ctx.accountId}\`);
      const body = (await r.json()) as { course?: { title: string; seatsLeft: number; status: string } };
      if (!body.course) throw new PortalChangedError(\`no course \${course.id}\`);
      const { title, seatsLeft, status } = body.course;
      const state = status === 'open' || status === 'full' || status === 'closed' ? status : 'closed';
      seen.push({ courseId: course.id, title, seats: seatsLeft, state, url: \`\${ctx.baseUrl}/courses/\${course.id}\` });
    }
    return seen;
  },
});
`;

/** Logs in to the demo portal over HTTP (test captcha) and returns the session's Cookie header. */
async function loginCookie(baseUrl: string): Promise<string> {
  const page = await fetch(`${baseUrl}/login`);
  const pre = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const body = new URLSearchParams({ username: '13800000000', password: 'demo1234', captcha: '8888' });
  const answer = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    body,
    headers: { cookie: pre },
    redirect: 'manual',
  });
  const session = answer.headers.getSetCookie().find((c) => c.startsWith('yp_session='));
  if (answer.status !== 302 || !session) throw new Error(`demo login failed: ${answer.status}`);
  return session.split(';')[0] ?? '';
}

describe('the packed package, installed into an empty folder', () => {
  let portal: RunningPortal;
  let tarball = '';

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    // dist/ is fresh (test/setup/build-dist.ts), so packing need not build again.
    const pack = ok(
      await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT, 120_000),
      'npm pack',
    );
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    if (!info) throw new Error('npm pack printed no file');
    tarball = join(dir, info.filename);
    expect(info.files.map((f) => f.path).filter((p) => /^(test|docs|bench|scripts|src)\//.test(p))).toEqual(
      [],
    );

    const spec = `file:${tarball}`;
    mkdirSync(family);
    writeFileSync(
      join(family, 'package.json'),
      `${JSON.stringify({ dependencies: { jianlou: spec } }, null, 2)}\n`,
    );
    writeFileSync(join(family, 'package-lock.json'), JSON.stringify(familyLock(spec), null, 2));
    // --ignore-scripts, then our own sqlite3 build: the native module is not compiled a second time
    // (offline, its prebuilt download fails and node-gyp takes minutes on this machine).
    ok(
      await run(
        'npm',
        ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'],
        family,
        300_000,
      ),
      'npm ci',
    );
    cpSync(join(ROOT, 'node_modules/sqlite3/build'), join(family, 'node_modules/sqlite3/build'), {
      recursive: true,
    });
  }, 420_000);

  afterAll(async () => {
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs init, then check --dry-run with the family’s own .ts flow: exit 0 and the courses printed', async () => {
    const init = ok(
      await run('npx', ['--offline', 'jianlou', 'init', '--url', portal.url], family, 60_000),
      'init',
    );
    expect(init.stdout).toContain('保留了 package.json'); // init speaks Chinese unless --locale en
    expect(init.stdout).toContain('check --dry-run');

    writeFileSync(join(family, 'flows/demo-api.ts'), FLOW);
    const yaml = readFileSync(join(family, 'jianlou.yaml'), 'utf8')
      .replace('flow: ./flows/my-portal.ts', 'flow: ./flows/demo-api.ts')
      .replace('"TODO-student-id"', 'S001')
      .replace('["TODO-course-id"]', '[ART-101, SWIM-201]');
    writeFileSync(join(family, 'jianlou.yaml'), yaml);

    writeFileSync(join(family, 'cookie.txt'), await loginCookie(portal.url));
    ok(
      await run('npx', ['--offline', 'jianlou', 'login', 'mom', '--import', 'cookie.txt'], family, 90_000),
      'login',
    );

    const check = ok(
      await run('npx', ['--offline', 'jianlou', 'check', '--dry-run'], family, 120_000),
      'check',
    );
    const titles = portal.admin.state().courses.filter((c) => c.id === 'ART-101' || c.id === 'SWIM-201');
    expect(titles).toHaveLength(2);
    for (const course of titles) expect(check.stdout).toContain(course.id);
  }, 300_000);

  it('init --from the tarball makes a folder whose own npm run typecheck and npm test pass (json and html)', async () => {
    // typescript and vitest are the family's devDependencies: linked from our install, not fetched.
    for (const tool of ['typescript', 'vitest']) {
      symlinkSync(join(ROOT, 'node_modules', tool), join(family, 'node_modules', tool));
    }
    symlinkSync(join(ROOT, 'node_modules/typescript/bin/tsc'), join(family, 'node_modules/.bin/tsc'));
    symlinkSync(join(ROOT, 'node_modules/vitest/vitest.mjs'), join(family, 'node_modules/.bin/vitest'));
    for (const template of ['json', 'html']) {
      const from = `../${tarball.split('/').pop()}`;
      const args = ['init', template, '--url', portal.url, '--template', template, '--from', from];
      ok(await run('npx', ['--offline', 'jianlou', ...args], family, 60_000), `init ${template}`);
      const folder = join(family, template);
      const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      // Relative to the new folder: family/<template>/ → the tarball beside family/.
      expect(pkg.dependencies.jianlou).toBe(`file:../${from}`);
      symlinkSync(join(family, 'node_modules'), join(folder, 'node_modules'));
      ok(await run('npm', ['run', 'typecheck'], folder, 180_000), `npm run typecheck (${template})`);
    }
    // The test of a folder not filled in yet says what to do next, and passes.
    const test = ok(
      await run('npm', ['test', '--', '--reporter', 'verbose'], join(family, 'json'), 180_000),
      'npm test',
    );
    expect(test.stdout).toContain('not run yet');
    expect(test.stdout).toContain('npx jianlou login mom');
  }, 600_000);

  it('runs the whole demo from the same folder: an order within 120 s', async () => {
    const demo = await run(
      'npx',
      ['--offline', 'jianlou', 'demo', '--auto-approve', '--exit-after', '120'],
      family,
      180_000,
    );
    expect(demo.code, demo.stderr).toBe(0);
  }, 200_000);

  it('runs a copy of the spa flow from the folder: login, check, hold, approve — settings from portal.options', async () => {
    const spa = await startPortal({ style: 'spa', port: 0, testMode: true });
    const sink = await startSink({ port: 0 });
    try {
      const flow = readFileSync(join(ROOT, 'flows/demo-spa.ts'), 'utf8');
      expect(flow).not.toContain('process.env');
      writeFileSync(join(family, 'flows/spa.ts'), flow);
      writeFileSync(
        join(family, 'spa.yaml'),
        [
          'store: sqlite://./data/spa.sqlite',
          `portal: { flow: ./flows/spa.ts, baseUrl: "${spa.webUrl}", options: { apiUrl: "${spa.apiUrl}" } }`,
          'accounts:',
          '  - { id: mom, storageState: storage-state/spa-mom.json, credentials: { username: "13800000000", password: demo1234 } }',
          'children:',
          '  - { id: sister, name: 姐姐, account: mom, studentId: S001 }',
          'targets:',
          '  - { child: sister, courses: [ART-101], autoHold: true }',
          `notify: { wecom: { webhook: "${sink.webhookUrl}" } }`,
          'approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "${JIANLOU_SECRET}" }',
        ].join('\n'),
      );
      const jianlou = (...args: string[]) =>
        run('npx', ['--offline', 'jianlou', '--config', 'spa.yaml', ...args], family, 120_000);
      ok(await jianlou('login', 'mom', '--scripted'), 'login');
      spa.admin.setSeats('ART-101', 1);
      ok(await jianlou('check'), 'check');
      const held = spa.admin.state().registrations;
      expect(held).toEqual([
        expect.objectContaining({ courseId: 'ART-101', studentId: 'S001', status: 'pending_review' }),
      ]);
      const list = async () => {
        const r = ok(await jianlou('holds', '--json'), 'holds');
        return (JSON.parse(r.stdout) as { holds: { id: string; status: string }[] }).holds;
      };
      const holds = await list();
      expect(holds).toEqual([expect.objectContaining({ status: 'held' })]);
      ok(await jianlou('holds', 'approve', holds[0]?.id ?? ''), 'approve');
      expect(await list()).toEqual([expect.objectContaining({ status: 'approved' })]);
      // A registration is the seat itself: approving keeps it for the organiser's review.
      expect(spa.admin.state().registrations).toEqual(held);
    } finally {
      await Promise.all([spa.close(), sink.close()]);
    }
  }, 420_000);
});
