/**
 * Forged and tampered approval requests against a real hold (`npm run chaos`, the limiter lifted so
 * every request reaches the link checks): none may decide the hold; a real parent's tap afterwards must.
 */
import { z } from 'zod';
import { runCycle } from '../src/app/cycle/cycle.js';
import { createHoldDecider } from '../src/app/holds/hold-decisions.js';
import { startApprovalServer } from '../src/approve/server.js';
import { signToken } from '../src/approve/tokens.js';
import type { Alert } from '../src/core/types.js';
import { NS } from '../src/store/namespaces.js';
import { APPROVAL_SECRET, type ChaosWorld, choices } from './chaos-world.js';

export interface ForgeryFigures {
  tried: number;
  acted: number;
  controlActed: boolean;
  holdMade: boolean;
}

type Post = (url: string, form: Record<string, string>, headers?: Record<string, string>) => Promise<unknown>;

const post: Post = (url, form, headers = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  }).then((r) => r.arrayBuffer());

/** The kinds of forgery, each a request against the server at `base` for the hold's links. */
function forgeryKinds(
  random: () => number,
  base: string,
  links: { approve: string; release: string; holdId: string },
): (() => Promise<unknown>)[] {
  const { between } = choices(random);
  const { approve, release, holdId } = links;
  const token = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const flip = (t: string) => {
    const i = between(0, t.length - 1);
    const c = t[i] === 'A' ? 'B' : 'A';
    return t.slice(0, i) + c + t.slice(i + 1);
  };
  const randomToken = () =>
    Buffer.from(Array.from({ length: between(4, 120) }, () => between(0, 255))).toString('base64url');
  return [
    () => post(`${base}/h/${randomToken()}`, { action: 'approve', proof: randomToken() }),
    () => post(`${base}/h/${flip(token(approve))}`, { action: 'approve', proof: randomToken() }),
    () => post(approve, { action: 'approve', proof: randomToken() }),
    () => post(approve, { action: 'release', proof: randomToken() }),
    () => post(release, { action: 'approve', proof: randomToken() }),
    () => {
      const forged = signToken(
        {
          holdId,
          action: 'approve',
          expiresAt: new Date(Date.now() + 3_600_000),
          nonce: randomToken().padEnd(12, 'x').slice(0, 20),
        },
        'not-the-secret-0123456789abcdef',
      );
      return post(`${base}/h/${forged}`, { action: 'approve', proof: randomToken() });
    },
    () => fetch(approve).then((r) => r.arrayBuffer()),
    () => post(approve, { action: 'approve' }, { 'sec-fetch-site': 'cross-site' }),
    () => post(`${approve}x`, { action: 'approve', proof: '' }),
  ];
}

export async function forgeries(world: ChaosWorld, n: number, random: () => number): Promise<ForgeryFigures> {
  const { pick } = choices(random);
  const { portal } = world;
  portal.admin.reset();
  const file = world.writeConfig({ autoHold: true });
  await world.login(file);
  portal.admin.setSeats('ART-101', 1);
  const rt = await world.openRuntime(file);
  const out = { tried: 0, acted: 0, controlActed: false, holdMade: false };
  try {
    await runCycle(rt);
    const rows = await rt.kv.list(NS.outbox, z.object({ lane: z.string(), payload: z.unknown() }));
    const made = rows
      .map((r) => r.value.payload as Alert)
      .find((a): a is Extract<Alert, { kind: 'hold_made' }> => a.kind === 'hold_made');
    if (!made) return out;
    out.holdMade = true;
    const decider = createHoldDecider(rt);
    const server = await startApprovalServer({
      listen: '127.0.0.1:0',
      secret: APPROVAL_SECRET,
      kv: rt.kv,
      decider,
      now: rt.now,
      rateLimit: { max: 1_000_000, windowMs: 60_000 },
    });
    const local = (url: string) => url.replace('http://127.0.0.1:8787', server.url);
    const approve = local(made.approveUrl);
    // The demo portal's carts can be given back, so the hold has a release link.
    const release = local(made.releaseUrl ?? made.approveUrl);
    const holdId = (await rt.repos.holds.list())[0]?.id ?? '';
    const held = async () =>
      (await decider.describe(holdId))?.status === 'held' && portal.admin.state().orders.length === 0;
    const kinds = forgeryKinds(random, server.url, { approve, release, holdId });
    for (let i = 0; i < n; i++) {
      await pick(kinds)();
      out.tried++;
      if (i % 200 === 199 && !(await held())) out.acted++;
    }
    if (!(await held())) out.acted = Math.max(out.acted, 1);
    // Control: a parent who loads the page and taps the button is still served.
    const page = await (await fetch(approve)).text();
    const proof = /name="proof" value="([^"]+)"/.exec(page)?.[1] ?? '';
    await post(approve, { action: 'approve', proof });
    out.controlActed = !(await held());
    await server.close();
  } finally {
    await rt.close();
  }
  return out;
}
