/**
 * Forged, replayed and expired links of all three kinds (issue 26) against one approval server with
 * its limiter ON (the default 30 a minute per client, IPv6 by /64, behind a trusted proxy): approval
 * links (`/h/`), status-page links and buttons (`/s/`), and phone relay login links (`/login/`).
 *
 * "Acted on" is anything a link may only do when genuine: a hold decided, the status page's data read,
 * a relayed browser opened or driven. A decider that says "held" until it decides, a status page whose
 * data loader counts its calls and a relay whose browser is a counter make every such act visible.
 * Requests come from a few honest /64s and from one /64 that bursts from many addresses, so some are
 * refused by the links' own checks and some by the limiter. Genuine links (each from its own /64)
 * are the control: they must act, or the figures prove nothing.
 */

import type { RelayPort } from '../src/approve/login-relay.js';
import { makeLoginLink } from '../src/approve/login-tokens.js';
import { startApprovalServer } from '../src/approve/server.js';
import {
  ensureStatusLink,
  rotateStatusLink,
  signStatusToken,
  statusFormProof,
  statusUrlOf,
} from '../src/approve/status-link.js';
import { formProof, signToken } from '../src/approve/tokens.js';
import type { HoldDecider, HoldView } from '../src/approve/types.js';
import { createLoginLog } from '../src/store/logins.js';
import { createMemoryStore } from '../src/store/memory.js';
import { type Attack, type LinkKind, linkAttacks, SECRET } from './chaos-link-attacks.js';

export type { Attack, LinkKind } from './chaos-link-attacks.js';

export interface LinkFigures {
  kind: LinkKind;
  tried: Record<Attack, number>;
  acted: number;
  refused: number;
  rateLimited: number;
  /** The genuine link of this kind, used once from its own /64: did it act? */
  controlActed: boolean;
}

function viewOf(holdId: string, status: HoldView['status']): HoldView {
  const at = new Date();
  return {
    holdId,
    child: { id: 'sister', name: '姐姐' },
    observation: {
      courseId: 'ART-101',
      title: '少儿国画（初级）',
      seats: 1,
      state: 'open',
      url: 'http://portal.example/courses/ART-101',
      schedule: { weekday: 6, start: '09:00', end: '10:30' },
    },
    hold: {
      id: `c-${holdId}`,
      courseId: 'ART-101',
      studentId: 'S001',
      heldAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + 900_000).toISOString(),
    },
    status,
  };
}

export async function linkCampaign(n: number, random: () => number): Promise<LinkFigures[]> {
  const kv = createMemoryStore();
  const decided = new Set<string>();
  let acts = 0;
  const decider: HoldDecider = {
    describe: async (holdId) => viewOf(holdId, decided.has(holdId) ? 'approved' : 'held'),
    decide: async (holdId) => {
      acts++;
      decided.add(holdId);
      return { outcome: 'approved', view: viewOf(holdId, 'approved') };
    },
  };
  const port: RelayPort = {
    act: async () => {
      acts++;
      return 1;
    },
    frame: async () => undefined,
    done: new Promise<boolean>(() => {}),
    isOpen: () => true,
    close: async () => {},
  };
  const server = await startApprovalServer({
    listen: '127.0.0.1:0',
    secret: SECRET,
    kv,
    decider,
    trustProxy: ['loopback'],
    status: {
      load: async () => {
        acts++;
        throw new Error('chaos: the status page data was read');
      },
    },
    loginRelay: {
      accounts: ['mom'],
      maxOpen: 1_000_000,
      open: async () => {
        acts++;
        return port;
      },
    },
  });
  const hex = (v: number) => (Math.floor(v) & 0xffff).toString(16);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const honest = Array.from({ length: Math.max(4, Math.ceil(n / 60)) }, (_, i) => `2001:db8:${hex(i + 1)}:7`);
  let controls = 0;
  const client = () =>
    random() < 0.3
      ? `2001:db8:bad:1:${hex(random() * 65536)}:${hex(random() * 65536)}::1`
      : `${pick(honest)}::${hex(random() * 65536)}`;
  const send = async (path: string, from: string, form?: Record<string, string>, json?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: form || json ? 'POST' : 'GET',
      headers: {
        'x-forwarded-for': from,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(json ? { 'content-type': 'application/json' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form) } : json ? { body: JSON.stringify(json) } : {}),
    });
    await res.arrayBuffer();
    return res.status;
  };
  /** One request from its own /64: whether it acted. */
  const genuine = async (path: string, form?: Record<string, string>) => {
    const before = acts;
    controls++;
    await send(path, `2001:db8:c0:${hex(controls)}::1`, form);
    return acts > before;
  };
  const nonce = () => `n${hex(random() * 65536)}${hex(random() * 65536)}`.padEnd(12, 'x');
  const later = () => new Date(Date.now() + 3_600_000);
  const past = () => new Date(Date.now() - 60_000 - Math.floor(random() * 86_400_000));
  const junk = () =>
    Buffer.from(Array.from({ length: 8 + Math.floor(random() * 60) }, () => random() * 256)).toString(
      'base64url',
    );

  try {
    // Genuine links first: the control, and what replays replay.
    const approveClaims = {
      holdId: 'h-genuine',
      action: 'approve' as const,
      expiresAt: later(),
      nonce: nonce(),
    };
    const approveToken = signToken(approveClaims, SECRET);
    const approveProof = formProof(approveClaims, SECRET);
    const approvalControl = await genuine(`/h/${approveToken}`, { action: 'approve', proof: approveProof });
    const oldStatus = await ensureStatusLink(kv, new Date());
    const oldToken = signStatusToken(oldStatus.id, SECRET);
    const statusControl = await genuine(`/s/${oldToken}`);
    const button = {
      hold: 'h-status',
      action: 'approve',
      proof: statusFormProof(oldStatus.id, 'h-status', 'approve', SECRET),
      confirmed: 'yes',
    };
    const buttonControl = await genuine(`/s/${oldToken}/decide`, button);
    const current = await rotateStatusLink(kv, new Date());
    const currentToken = statusUrlOf('', current, SECRET).slice(3);
    const relayLink = makeLoginLink({ publicUrl: '', secret: SECRET, accountId: 'mom', now: new Date() });
    const relayToken = relayLink.url.slice('/login/'.length);
    const relayControl = await genuine(`/login/${relayToken}`);
    // The relay's session was saved: its link is spent; a login recorded now spends older links too.
    const spent = makeLoginLink({
      publicUrl: '',
      secret: SECRET,
      accountId: 'mom',
      now: new Date(Date.now() - 60_000),
    });
    await createLoginLog(kv).record('mom', { at: new Date().toISOString(), via: 'relay', expiresAt: null });

    const attacks = linkAttacks({
      send,
      client,
      nonce,
      junk,
      later,
      past,
      approveToken,
      approveProof,
      currentToken,
      currentId: current.id,
      oldToken,
      button,
      relayToken,
      spentToken: spent.url.slice('/login/'.length),
    });

    const kinds: LinkKind[] = ['approval', 'status', 'relay'];
    const figures = new Map<LinkKind, LinkFigures>(
      kinds.map((kind) => [
        kind,
        {
          kind,
          tried: { forged: 0, replayed: 0, expired: 0 },
          acted: 0,
          refused: 0,
          rateLimited: 0,
          controlActed: false,
        },
      ]),
    );
    const set = (kind: LinkKind) => figures.get(kind) as LinkFigures;
    set('approval').controlActed = approvalControl;
    set('status').controlActed = statusControl && buttonControl;
    set('relay').controlActed = relayControl;
    for (let i = 0; i < n; i++) {
      const kind = kinds[i % 3] as LinkKind;
      const attack = pick<Attack>(['forged', 'forged', 'replayed', 'expired']);
      const out = set(kind);
      out.tried[attack]++;
      const before = acts;
      const status = await pick(attacks[kind][attack])();
      if (acts > before) out.acted++;
      else if (status === 429) out.rateLimited++;
      else out.refused++;
    }
    return [...figures.values()];
  } finally {
    await server.close();
  }
}

export function linkRows(figures: readonly LinkFigures[]): [string, string][] {
  return figures.map((f) => [
    `${f.kind} links, limiter on: forged / replayed / expired tried`,
    `${f.tried.forged} / ${f.tried.replayed} / ${f.tried.expired} · acted on ${f.acted} · refused ${f.refused} · rate-limited ${f.rateLimited} (genuine link acted: ${f.controlActed ? 'yes' : 'NO'})`,
  ]);
}
