import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiPortFor } from '../../src/cli/portal.js';

const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;
// r3c-texts3: the English lines are asked for with a config that says `locale: en` (the default is zh).
const EN_CONFIG = join(mkdtempSync(join(tmpdir(), 'jianlou-spa-cli-')), 'en.yaml');
writeFileSync(EN_CONFIG, 'locale: en\n');
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  child = undefined;
});

function jianlou(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `jianlou portal …` and collects its output until it says how to stop it. */
function startCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, '--config', EN_CONFIG, 'portal', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ctrl-C to stop.')) resolve(out);
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.once('exit', (code) => reject(new Error(`jianlou portal exited ${code}: ${out}`)));
  });
}

describe('jianlou portal --style', () => {
  it('refuses an unknown style with exit 2, naming the styles', () => {
    const r = jianlou(['portal', '--style', 'mobile']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--style must be classic, spa or legacy, not "mobile"');
  });

  it('refuses --api-port without the spa style, and an API port equal to the web port', () => {
    const lone = jianlou(['portal', '--api-port', '5000']);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('--api-port applies to the spa style only: add --style spa');
    const same = jianlou(['portal', '--style', 'spa', '--port', '5000', '--api-port', '5000']);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("--api-port 5000 is the web app's --port too");
  });

  it('puts the API beside the web port unless told otherwise', () => {
    expect(apiPortFor({ port: 4173 })).toBe(4174);
    expect(apiPortFor({ port: 0 })).toBe(0);
    expect(apiPortFor({ port: 4173, apiPort: 9000 })).toBe(9000);
  });

  it('serves the spa style and prints both addresses; the API answers for the web app’s origin', async () => {
    const out = await startCli(['--style', 'spa', '--port', '0', '--test-mode']);
    const web = /web app {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const api = /JSON API (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(web && api && web !== api, out).toBe(true);
    expect(out).toContain('test mode: phone 13800000000, password demo1234');
    const login = await fetch(`${web}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('id="phone"');
    const state = await fetch(`${api}/__admin/state`, { headers: { origin: web ?? '' } });
    expect(state.status).toBe(200);
    expect(state.headers.get('access-control-allow-origin')).toBe(web);
  });

  it('ships the page script in the compiled package (dist/), which serves it', async () => {
    // Without the test run's NODE_OPTIONS the bin runs dist/, as an installed package does.
    const { NODE_OPTIONS: _, ...env } = process.env;
    const out = await startCli(['--style', 'spa', '--port', '0'], env);
    const web = /web app {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const script = await fetch(`${web}/static/spa.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain("const TOKEN_KEY = 'jl_token';");
  });

  it('still serves the classic style by default', async () => {
    const out = await startCli(['--port', '0']);
    expect(out).toMatch(/demo portal \(市少年宫 暑期课程报名\) at http:\/\/127\.0\.0\.1:\d+/);
  });
});
