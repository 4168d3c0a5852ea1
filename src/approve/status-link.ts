import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { NS } from '../store/namespaces.js';
import type { KvStore } from '../store/types.js';
import { checkSecret, mac, sameString } from './tokens.js';
import type { ApprovalAction } from './types.js';

/**
 * The status page's link: `/s/<id>.<signature>`. It does not expire (parents bookmark it) but it can
 * be rotated: the store keeps the current id, and a token is valid only while its id is the current
 * one. The signature (purpose "status") means a token cannot be guessed from the id alone, and that
 * no approval token or form proof ever passes for one.
 */

const KEY = 'current';
const ID = /^[A-Za-z0-9_-]{16,64}$/;
const MAX_TOKEN_LENGTH = 200;

export const statusLinkRecordSchema = z.object({
  id: z.string().regex(ID),
  createdAt: z.string(),
});
export type StatusLinkRecord = z.infer<typeof statusLinkRecordSchema>;

export type StatusVerdict =
  | { ok: true; id: string }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'rotated' };

export function signStatusToken(id: string, secret: string): string {
  checkSecret(secret);
  return `${id}.${mac(secret, 'status', id)}`;
}

/** The link's current record, made on first use (atomically: two processes agree on one). */
export async function ensureStatusLink(kv: KvStore, now: Date): Promise<StatusLinkRecord> {
  const existing = await kv.get(NS.statusLink, KEY, statusLinkRecordSchema);
  if (existing) return existing;
  const fresh = { id: randomBytes(18).toString('base64url'), createdAt: now.toISOString() };
  if (await kv.add(NS.statusLink, KEY, fresh)) return fresh;
  return (await kv.get(NS.statusLink, KEY, statusLinkRecordSchema)) ?? fresh;
}

/** A new link; the old one is refused from now on. */
export async function rotateStatusLink(kv: KvStore, now: Date): Promise<StatusLinkRecord> {
  const fresh = { id: randomBytes(18).toString('base64url'), createdAt: now.toISOString() };
  await kv.set(NS.statusLink, KEY, fresh);
  return fresh;
}

export function statusUrlOf(publicUrl: string, record: StatusLinkRecord, secret: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/s/${signStatusToken(record.id, secret)}`;
}

/** Shape, then signature (constant time), then "is it still the current link". Never throws on junk. */
export async function verifyStatusToken(token: string, secret: string, kv: KvStore): Promise<StatusVerdict> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const [id, signature, extra] = token.split('.');
  if (extra !== undefined || !id || !signature || !ID.test(id)) return { ok: false, reason: 'malformed' };
  if (!sameString(signature, mac(secret, 'status', id))) return { ok: false, reason: 'bad_signature' };
  const current = await kv.get(NS.statusLink, KEY, statusLinkRecordSchema);
  if (!current || !sameString(current.id, id)) return { ok: false, reason: 'rotated' };
  return { ok: true, id };
}

/**
 * The hidden field of a hold button on the status page: bound to the link, the hold and the action,
 * so it cannot be replayed for another hold, with the other action, or after the link was rotated.
 */
export function statusFormProof(
  linkId: string,
  holdId: string,
  action: ApprovalAction,
  secret: string,
): string {
  return mac(secret, 'status-form', `${linkId}.${holdId}.${action}`);
}

export function checkStatusFormProof(
  linkId: string,
  holdId: string,
  action: ApprovalAction,
  secret: string,
  value: unknown,
): boolean {
  return typeof value === 'string' && sameString(value, statusFormProof(linkId, holdId, action, secret));
}
