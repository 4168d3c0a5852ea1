/**
 * The forged, replayed and expired requests of bench/chaos-links.ts, per link kind: each one request
 * from a client the campaign picks (honest /64s, or the one bursting /64), answering its HTTP status.
 */
import { signLoginToken } from '../src/approve/login-tokens.js';
import { signStatusToken, statusFormProof } from '../src/approve/status-link.js';
import { formProof, signToken } from '../src/approve/tokens.js';

export type LinkKind = 'approval' | 'status' | 'relay';
export type Attack = 'forged' | 'replayed' | 'expired';
export type Attacks = Record<LinkKind, Record<Attack, (() => Promise<number>)[]>>;

export const SECRET = 'chaos-links-secret-0123456789abcdef';
const OTHER = 'not-the-secret-0123456789abcdef';

/** What the attacks are made of: a way to send, random parts, and the genuine links they replay. */
export interface AttackTools {
  send(path: string, from: string, form?: Record<string, string>, json?: unknown): Promise<number>;
  /** The address of the next request (an honest /64 or the bursting one). */
  client(): string;
  nonce(): string;
  junk(): string;
  /** An hour from now / some time in the past. */
  later(): Date;
  past(): Date;
  /** The genuine approval link (its token and form proof). */
  approveToken: string;
  approveProof: string;
  /** The status link in force and its id; the rotated one; a status-page button of the old link. */
  currentToken: string;
  currentId: string;
  oldToken: string;
  button: { hold: string; action: string; proof: string; confirmed: string };
  /** The relay control's token (spent by its login) and an older link spent by a login since. */
  relayToken: string;
  spentToken: string;
}

export function linkAttacks(t: AttackTools): Attacks {
  const { send, client, nonce, junk, later, past } = t;
  const { approveToken, approveProof, currentToken, oldToken, button, relayToken, spentToken } = t;
  const attacks: Attacks = {
    approval: {
      forged: [
        () => send(`/h/${junk()}`, client(), { action: 'approve', proof: junk() }),
        () =>
          send(
            `/h/${signToken({ holdId: `h${nonce()}`, action: 'approve', expiresAt: later(), nonce: nonce() }, OTHER)}`,
            client(),
            { action: 'approve', proof: junk() },
          ),
        () => send(`/h/${currentToken}`, client(), { action: 'approve', proof: junk() }),
        () => send(`/h/${relayToken}`, client(), { action: 'approve', proof: junk() }),
        () => send(`/h/${approveToken}x`, client(), { action: 'approve', proof: approveProof }),
      ],
      replayed: [
        () => send(`/h/${approveToken}`, client(), { action: 'approve', proof: approveProof }),
        () => send(`/h/${approveToken}`, client()),
      ],
      expired: [
        () => {
          const claims = {
            holdId: `h${nonce()}`,
            action: 'approve' as const,
            expiresAt: past(),
            nonce: nonce(),
          };
          return send(`/h/${signToken(claims, SECRET)}`, client(), {
            action: 'approve',
            proof: formProof(claims, SECRET),
          });
        },
      ],
    },
    status: {
      forged: [
        () => send(`/s/${signStatusToken(t.currentId, OTHER)}`, client()),
        () => send(`/s/${approveToken}`, client()),
        () => send(`/s/${junk()}.${junk()}`, client()),
        () =>
          send(`/s/${currentToken}/decide`, client(), {
            hold: `h${nonce()}`,
            action: 'approve',
            proof: junk(),
            confirmed: 'yes',
          }),
        () =>
          send(`/s/${currentToken}/decide`, client(), {
            hold: 'h-other',
            action: 'approve',
            proof: button.proof,
            confirmed: 'yes',
          }),
      ],
      replayed: [
        () =>
          send(`/s/${currentToken}/decide`, client(), {
            ...button,
            proof: statusFormProof(t.currentId, 'h-status', 'approve', SECRET),
          }),
      ],
      // A status link does not expire; a rotated one is its expiry.
      expired: [
        () => send(`/s/${oldToken}`, client()),
        () => send(`/s/${oldToken}/decide`, client(), button),
      ],
    },
    relay: {
      forged: [
        () =>
          send(
            `/login/${signLoginToken({ accountId: 'mom', expiresAt: later(), nonce: nonce() }, OTHER)}`,
            client(),
          ),
        () => send(`/login/${approveToken}`, client()),
        () => send(`/login/${junk()}.${junk()}`, client()),
        () => send(`/login/${junk()}.${junk()}/act`, client(), undefined, { kind: 'tap', x: 10, y: 10 }),
      ],
      replayed: [
        () => send(`/login/${spentToken}`, client()),
        () =>
          send(`/login/${spentToken}/act`, client(), undefined, {
            kind: 'type',
            text: 'x',
          }),
      ],
      expired: [
        () =>
          send(
            `/login/${signLoginToken({ accountId: 'mom', expiresAt: past(), nonce: nonce(), issuedAt: new Date(Date.now() - 90 * 86_400_000) }, SECRET)}`,
            client(),
          ),
      ],
    },
  };

  // The relay control's own link is spent by the login recorded by the campaign; a replay of it too.
  attacks.relay.replayed.push(() => send(`/login/${relayToken}`, client()));
  return attacks;
}
