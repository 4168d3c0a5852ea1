import { BadInputError } from '../core/errors.js';
import { type PortalStyle, startPortal } from '../portal/server.js';

export interface PortalOptions {
  port: number;
  host: string;
  testMode?: boolean;
  release?: boolean;
  style?: PortalStyle;
  apiPort?: number;
  /** Legacy style: pages ask for WeChat's browser unless the user agent says MicroMessenger. */
  wechatOnly?: boolean;
}

/** The spa style's API sits beside the web app: --port + 1 unless given (any free port beside port 0). */
export function apiPortFor(opts: Pick<PortalOptions, 'port' | 'apiPort'>): number {
  if (opts.apiPort !== undefined) return opts.apiPort;
  return opts.port === 0 ? 0 : opts.port + 1;
}

/** Serves the demo portal until Ctrl-C. */
export async function portalCommand(opts: PortalOptions): Promise<void> {
  const style = opts.style ?? 'classic';
  if (style !== 'spa' && opts.apiPort !== undefined) {
    throw new BadInputError('--api-port applies to the spa style only: add --style spa, or leave it out');
  }
  if (style !== 'legacy' && opts.wechatOnly) {
    throw new BadInputError(
      '--wechat-only applies to the legacy style only: add --style legacy, or leave it out',
    );
  }
  const apiPort = apiPortFor(opts);
  if (style === 'spa' && apiPort !== 0 && apiPort === opts.port) {
    throw new BadInputError(`--api-port ${apiPort} is the web app's --port too: give the API another port`);
  }
  const common = {
    port: opts.port,
    host: opts.host,
    testMode: opts.testMode === true,
    release: { enabled: opts.release === true },
    log: (line: string) => process.stdout.write(`${line}\n`),
  };
  let close: () => Promise<void>;
  if (style === 'spa') {
    const portal = await startPortal({ ...common, style: 'spa', apiPort });
    close = () => portal.close();
    process.stdout.write(
      `demo portal, spa style (市少年宫 暑期活动报名)\n  web app  ${portal.webUrl}  (login: ${portal.webUrl}/login)\n  JSON API ${portal.apiUrl}  (CORS for ${portal.webUrl} only)\n` +
        (opts.testMode
          ? 'test mode: phone 13800000000, password demo1234; admin switches under the API’s /__admin/\n'
          : 'not in test mode: add --test-mode for the /__admin/ switches on the API\n'),
    );
  } else if (style === 'legacy') {
    const portal = await startPortal({ ...common, style: 'legacy', wechatOnly: opts.wechatOnly === true });
    close = () => portal.close();
    process.stdout.write(
      `demo portal, legacy style (市少年宫课程报名系统, GBK pages) at ${portal.url}\n  course list ${portal.url}/xk/kclist.jsp  (login: ${portal.url}/xk/login.jsp)\n` +
        (opts.wechatOnly
          ? '  WeChat only: pages answer 请在微信中打开 unless the user agent says MicroMessenger\n'
          : '') +
        (opts.testMode
          ? 'test mode: phone 13800000000, password demo1234, captcha 8888, the SMS code shown on the page (and GET /__admin/sms?phone=); unpaid pre-registrations cancelled after 60 s; admin switches under /__admin/\n'
          : 'not in test mode: random captcha, the SMS code is never shown; add --test-mode for the fixed captcha and /__admin/ switches\n'),
    );
  } else {
    const portal = await startPortal(common);
    close = () => portal.close();
    process.stdout.write(
      `demo portal (市少年宫 暑期课程报名) at ${portal.url}\n` +
        (opts.testMode
          ? 'test mode: username 13800000000, password demo1234, captcha 8888; admin switches under /__admin/\n'
          : 'not in test mode: the captcha is random; add --test-mode for the fixed code and /__admin/ switches\n'),
    );
  }
  process.stdout.write('Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await close();
}
