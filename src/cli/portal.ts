import { BadInputError } from '../core/errors.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
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

/** Serves the demo portal until Ctrl-C; `locale` is the language of what it prints (the --config file's). */
export async function portalCommand(opts: PortalOptions, locale: Locale = 'zh'): Promise<void> {
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
  const t = catalogue(locale).cli.tools.portal;
  const testMode = opts.testMode === true;
  let close: () => Promise<void>;
  if (style === 'spa') {
    const portal = await startPortal({ ...common, style: 'spa', apiPort });
    close = () => portal.close();
    process.stdout.write(t.spa(portal.webUrl, portal.apiUrl, testMode));
  } else if (style === 'legacy') {
    const portal = await startPortal({ ...common, style: 'legacy', wechatOnly: opts.wechatOnly === true });
    close = () => portal.close();
    process.stdout.write(t.legacy(portal.url, opts.wechatOnly === true, testMode));
  } else {
    const portal = await startPortal(common);
    close = () => portal.close();
    process.stdout.write(t.classic(portal.url, testMode));
  }
  process.stdout.write(t.stop);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await close();
}
