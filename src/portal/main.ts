/**
 * Runs the demo portal on its own, for manual checks:
 *   node --import tsx src/portal/main.ts --port 4173 --test-mode [--hold-seconds 60] [--release 20-90]
 */
import { parseArgs } from 'node:util';
import { startPortal } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4173' },
    host: { type: 'string', default: '127.0.0.1' },
    'test-mode': { type: 'boolean', default: false },
    'hold-seconds': { type: 'string' },
    release: { type: 'string' },
  },
});

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name}: expected a number, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const [minSeconds, maxSeconds] = (values.release ?? '').split('-').map((part) => number('release', part));
const portal = await startPortal({
  port: number('port', values.port),
  host: values.host,
  testMode: values['test-mode'],
  holdSeconds: number('hold-seconds', values['hold-seconds']),
  release: values.release ? { enabled: true, minSeconds, maxSeconds } : undefined,
  log: (line) => console.log(line),
});

console.log(
  `demo portal on ${portal.url}${values['test-mode'] ? ' (test mode: 13800000000 / demo1234, captcha 8888)' : ''}`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void portal.close().then(() => process.exit(0));
  });
}
