import { startPortal } from '../portal/server.js';

export interface PortalOptions {
  port: number;
  host: string;
  testMode?: boolean;
  release?: boolean;
}

/** Serves the demo portal until Ctrl-C. */
export async function portalCommand(opts: PortalOptions): Promise<void> {
  const portal = await startPortal({
    port: opts.port,
    host: opts.host,
    testMode: opts.testMode === true,
    release: { enabled: opts.release === true },
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `demo portal (市少年宫 暑期课程报名) at ${portal.url}\n` +
      (opts.testMode
        ? 'test mode: username 13800000000, password demo1234, captcha 8888; admin switches under /__admin/\n'
        : 'not in test mode: the captcha is random; add --test-mode for the fixed code and /__admin/ switches\n') +
      'Ctrl-C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await portal.close();
}
