import { isIP } from 'node:net';
import { z } from 'zod';
import { said } from './said.js';

/** express's named subnets for `trust proxy`. */
const PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  const [address, bits, extra] = entry.trim().split('/');
  if (extra !== undefined || !address) return false;
  if (PRESETS.has(address) && bits === undefined) return true;
  const family = isIP(address);
  if (!family) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

const address = z
  .string()
  .refine(
    isProxyAddress,
    said(
      'not a proxy address: use an IP ("127.0.0.1"), a subnet ("10.0.0.0/8") or loopback / linklocal / uniquelocal',
      { code: 'proxy_address' },
    ),
  );

/**
 * `approval.trustProxy`: off (false, the default), true (one proxy: believe its X-Forwarded-For
 * entry), a hop count, or the proxies' addresses (a list, or one comma-separated string).
 */
export const trustProxySchema = z.union([
  z.boolean(),
  z
    .number()
    .int(said('use a whole number of proxy hops, e.g. 1', { code: 'proxy_hops' }))
    .min(0)
    .max(10),
  z
    .string()
    .transform((s) => s.split(',').map((p) => p.trim()))
    .pipe(z.array(address).min(1)),
  z.array(address).min(1, said('list at least one proxy address, or use false', { code: 'no_proxies' })),
]);
