/**
 * What the classic and legacy demo portals share when they start and stop: listen on the host and
 * port asked for, sweep expired holds every second (seats come back when nobody is asking), start
 * the releaser, and close everything — hanging fault connections included — once.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReleaseOptions } from './config.js';
import type { createFaults } from './faults.js';
import type { createReleaser } from './release.js';

const SWEEP_INTERVAL_MS = 1000;

export interface ListeningPortal {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number | undefined;
  /** Gives back the seats of expired holds or unpaid orders. */
  sweep: () => void;
  releaser: ReturnType<typeof createReleaser>;
  release: ReleaseOptions;
  faults: ReturnType<typeof createFaults>;
}

export async function listenPortal(app: RequestListener, options: ListenOptions): Promise<ListeningPortal> {
  const { host, releaser, faults } = options;
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const sweeper = setInterval(options.sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();
  releaser.configure(options.release);

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        clearInterval(sweeper);
        releaser.stop();
        faults.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging (fault) and keep-alive connections would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
