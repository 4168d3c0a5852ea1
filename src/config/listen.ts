import type { IssueWords } from '../core/error-words.js';

/** Where the approval server listens, as the config resolved it. */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * The one parser of `HOST:PORT` (`127.0.0.1:8787`, `0.0.0.0:0`, `[::1]:8787`): the config schema and
 * the approval server both use it, so what one accepts the other does. Returns the problem as text.
 */
export function parseListen(text: string): ListenAddress | { problem: string; words: IssueWords } {
  const m = /^(?:\[([^\]\s]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  if (!m || !host) {
    return {
      problem: `"${text}" is not HOST:PORT — use e.g. 127.0.0.1:8787 (an IPv6 host in brackets: [::1]:8787)`,
      words: { code: 'listen_format', text },
    };
  }
  const port = Number(m[3]);
  if (port > 65535) {
    return {
      problem: `port ${port} is out of range — use a port from 0 to 65535`,
      words: { code: 'listen_port', port },
    };
  }
  return { host, port };
}

/** `127.0.0.1:8787`, or `[::1]:8787` for an IPv6 host. */
export function formatListen(address: ListenAddress): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}
