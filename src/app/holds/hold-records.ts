import { z } from 'zod';
import type { HoldView } from '../../approve/types.js';
import type { Child, Hold, HoldKind, Observation } from '../../core/types.js';
import { holdKindOf } from '../../flow/types.js';
import { decisionBy } from '../../i18n/hold-text.js';
import type { HoldRecord } from '../../store/holds.js';
import type { Effect } from '../../watch/decide-types.js';
import type { Runtime } from '../runtime/runtime.js';

/** What the hold effect, the decisions and the sweep share: a hold's child, view, expiry and claim. */

export type HoldEffect = Extract<Effect, { type: 'hold' }>;

/** Without an expiry from the portal, assume its usual hold time. */
const DEFAULT_HOLD_MINUTES = 15;
/** Claims of a decision in progress or made (namespace `hold-claims`, key = hold id). */
const CLAIMS = 'hold-claims';
const claimSchema = z.object({ action: z.string(), at: z.string().optional() });
/** A claim older than this was left by a process that died mid-decision: it no longer counts. */
const STALE_CLAIM_MS = 10 * 60_000;

/** With the flow, a view carries its hold kind (the approval pages word the hold by it). */
export type ViewDeps = Pick<Runtime, 'config' | 'repos'> & Partial<Pick<Runtime, 'flow'>>;
export type ClaimDeps = Pick<Runtime, 'kv' | 'now' | 'logger'>;

export function childOf(config: Pick<Runtime['config'], 'children'>, childId: string): Child {
  const child = config.children.find((c) => c.id === childId);
  if (!child) throw new Error(`hold for unknown child "${childId}" (was the config changed?)`);
  return child;
}

/** The observation a hold was made for, as last seen (for messages). */
async function observationFor(rt: ViewDeps, record: HoldRecord): Promise<Observation> {
  const last = await rt.repos.observations.get(record.courseId);
  return (
    last?.observation ?? {
      courseId: record.courseId,
      title: record.title ?? record.courseId,
      seats: null,
      state: 'open',
      url: `${rt.config.portal.baseUrl}`,
      ...(record.schedule ? { schedule: record.schedule } : {}),
    }
  );
}

/** Approval links of a hold that never expires stay valid this long (a review can take days). */
const NON_EXPIRING_LINK_DAYS = 14;

/**
 * When the portal gives the seat back: its own expiresAt; without one, its usual hold time for an
 * expiring kind, and never (null) for a kind that is kept until someone decides.
 */
export function expiryOf(hold: Hold, kind: Pick<HoldKind, 'expires'>): Date | null {
  if (hold.expiresAt) return new Date(hold.expiresAt);
  if (!kind.expires) return null;
  return new Date(Date.parse(hold.heldAt) + DEFAULT_HOLD_MINUTES * 60_000);
}

/** Until when a hold's approval links work: its expiry, or a fortnight after it was made. */
export function linkExpiryOf(hold: Hold, kind: Pick<HoldKind, 'expires'>): Date {
  return expiryOf(hold, kind) ?? new Date(Date.parse(hold.heldAt) + NON_EXPIRING_LINK_DAYS * 86_400_000);
}

/** Approval links for a hold: no release link where the portal lets nobody give a seat back. */
export function linksFor(
  rt: Pick<Runtime, 'links'>,
  holdId: string,
  hold: Hold,
  kind: HoldKind,
): { approveUrl: string; releaseUrl?: string } | undefined {
  const links = rt.links(holdId, linkExpiryOf(hold, kind));
  if (!links) return undefined;
  return kind.release ? links : { approveUrl: links.approveUrl };
}

/** The fields of the HoldRecord a hold effect writes, whatever its outcome. */
export function holdRecordBase(effect: HoldEffect, now: Date) {
  return {
    id: effect.id,
    accountId: effect.accountId,
    targetId: effect.targetId,
    childId: effect.childId,
    courseId: effect.courseId,
    title: effect.observation.title,
    ...(effect.observation.schedule ? { schedule: effect.observation.schedule } : {}),
    createdAt: now.toISOString(),
  };
}

export async function viewOf(rt: ViewDeps, record: HoldRecord): Promise<HoldView | undefined> {
  if (!record.portal) return undefined;
  const child = childOf(rt.config, record.childId);
  const last = record.decisions.at(-1);
  return {
    holdId: record.id,
    child: { id: child.id, name: child.name },
    observation: await observationFor(rt, record),
    hold: record.portal,
    status: record.status,
    ...(last ? { decidedBy: decisionBy(last, rt.config.locale), decidedAt: last.at } : {}),
    ...(record.order ? { order: record.order } : {}),
    ...(rt.flow ? { holdKind: holdKindOf(rt.flow) } : {}),
  };
}

/**
 * Claims a hold for one decision (atomic across processes). A claim left behind by a crash, a
 * kill or a stop timeout would block the hold (and its target) forever, so an old one is taken
 * over; the flows' confirm/release are idempotent, so redoing a half-done step is safe.
 */
export async function claim(
  rt: ClaimDeps,
  holdId: string,
  value: { action: string; at: string; via?: string },
): Promise<boolean> {
  if (await rt.kv.add(CLAIMS, holdId, value)) return true;
  const existing = await rt.kv.get(CLAIMS, holdId, claimSchema);
  const age = existing?.at ? rt.now().getTime() - Date.parse(existing.at) : Number.POSITIVE_INFINITY;
  if (existing && age < STALE_CLAIM_MS) return false;
  rt.logger.warn(
    { hold: holdId, claim: existing?.action },
    'taking over a stale hold claim left by an interrupted decision',
  );
  await rt.kv.delete(CLAIMS, holdId);
  return rt.kv.add(CLAIMS, holdId, value);
}

/** Gives a claim back (the portal step failed: the hold may be decided again). */
export async function releaseClaim(rt: Pick<Runtime, 'kv'>, holdId: string): Promise<void> {
  await rt.kv.delete(CLAIMS, holdId);
}

export async function isClaimed(rt: Pick<Runtime, 'kv'>, holdId: string): Promise<boolean> {
  return Boolean(await rt.kv.get(CLAIMS, holdId, claimSchema));
}
