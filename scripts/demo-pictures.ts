/**
 * Regenerates docs/screenshots/demo-terminal.png and demo-wecom.png: runs `jianlou demo
 * --auto-approve`, renders its terminal output, and replays the alerts it sent into a fresh WeCom
 * sink whose page is photographed. Run: npm run pictures (or node --import tsx scripts/demo-pictures.ts)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../src/browser/launch.js';
import { startSink } from '../src/sink/sink.js';

const root = new URL('..', import.meta.url).pathname;
const report = join(mkdtempSync(join(tmpdir(), 'jianlou-pictures-')), 'report.json');
const run = spawnSync(
  process.execPath,
  [join(root, 'bin/jianlou.js'), 'demo', '--auto-approve', '--exit-after', '150', '--report', report],
  { encoding: 'utf8', env: { ...process.env, JIANLOU_LOG_LEVEL: 'warn' } },
);
if (run.status !== 0) throw new Error(`demo failed (${run.status}): ${run.stderr}`);

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const terminal = run.stdout
  .split('\n')
  .filter((l) => !l.startsWith('working files'))
  .map((l) => (l.length > 150 ? `${l.slice(0, 150)}…` : l))
  .join('\n');

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 600 }, deviceScaleFactor: 1 });
  await page.setContent(
    `<html><body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:16px;color:#ddd;font:13px/1.45 'Noto Sans Mono CJK SC',monospace;white-space:pre">${escapeHtml(terminal)}</pre></body></html>`,
  );
  await page.screenshot({ path: join(root, 'docs/screenshots/demo-terminal.png'), fullPage: true });

  const { received } = JSON.parse(readFileSync(report, 'utf8')) as { received: { body: unknown }[] };
  const sink = await startSink({ port: 0 });
  try {
    for (const m of received) {
      await fetch(sink.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(m.body),
      });
    }
    const phone = await browser.newPage({ viewport: { width: 420, height: 900 }, deviceScaleFactor: 2 });
    await phone.goto(sink.url);
    await phone.screenshot({ path: join(root, 'docs/screenshots/demo-wecom.png'), fullPage: true });
  } finally {
    await sink.close();
  }
} finally {
  await browser.close();
}
console.log('wrote docs/screenshots/demo-terminal.png and demo-wecom.png');
