/** Which proxies' X-Forwarded-For entries the approval server believes (see `approval.trustProxy`). */
export type TrustProxy = boolean | number | readonly string[];

/**
 * The value for express's `trust proxy`. `true` means the one proxy in front (one hop), never
 * express's "trust everything", which would let any client forge its address.
 */
export function trustProxySetting(value: TrustProxy | undefined): boolean | number | string[] {
  if (value === undefined || value === false || value === 0) return false;
  if (value === true) return 1;
  if (typeof value === 'number') return value;
  return [...value];
}
