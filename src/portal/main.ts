/**
 * Runs the demo portal on its own, for manual checks:
 *   node --import tsx src/portal/main.ts --port 4173 --test-mode [--hold-seconds 60] [--release 20-90]
 *   node --import tsx src/portal/main.ts --style spa --port 4173 --api-port 4174 --test-mode
 *   node --import tsx src/portal/main.ts --style legacy --port 4173 --test-mode [--wechat-only]
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
    style: { type: 'string', default: 'classic' },
    'api-port': { type: 'string' },
    'wechat-only': { type: 'boolean', default: false },
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
const common = {
  port: number('port', values.port),
  host: values.host,
  testMode: values['test-mode'],
  holdSeconds: number('hold-seconds', values['hold-seconds']),
  release: values.release ? { enabled: true, minSeconds, maxSeconds } : undefined,
  log: (line: string) => console.log(line),
};
const testHint = values['test-mode'] ? ' (test mode: 13800000000 / demo1234' : '';
let portal: { close(): Promise<void> };
if (values.style === 'spa') {
  const spa = await startPortal({ ...common, style: 'spa', apiPort: number('api-port', values['api-port']) });
  console.log(`demo portal (spa) on ${spa.webUrl}, its API on ${spa.apiUrl}${testHint && `${testHint})`}`);
  portal = spa;
} else if (values.style === 'legacy') {
  const legacy = await startPortal({ ...common, style: 'legacy', wechatOnly: values['wechat-only'] });
  console.log(
    `demo portal (legacy, GBK) on ${legacy.url}/xk/kclist.jsp${testHint && `${testHint}, captcha 8888, SMS code on the page)`}`,
  );
  portal = legacy;
} else if (values.style === 'classic') {
  const classic = await startPortal(common);
  console.log(`demo portal on ${classic.url}${testHint && `${testHint}, captcha 8888)`}`);
  portal = classic;
} else {
  console.error(`--style: expected classic, spa or legacy, got "${values.style}"`);
  process.exit(2);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void portal.close().then(() => process.exit(0));
  });
}
