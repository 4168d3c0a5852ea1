/**
 * `npm run chaos`: the fault campaign of issues 11 and 26, kept. Runs against the demo portal (test
 * mode) and a WeCom stand-in, prints one table of figures (not pass/fail) and the seed, so a run can be
 * repeated:
 *
 *   npm run chaos                         # default budget, random seed
 *   npm run chaos -- --seed 42 --scale 2  # same campaign again, twice the rounds
 *
 * Parts: session expiries, randomized portal faults and faults per kind (maintenance 200/503, busy, cut
 * connections; bench/chaos-engine.ts, chaos-portal-faults.ts), kills during delivery and the approval
 * limiter (chaos-round3.ts), kill -9 of `check` at random moments (chaos-kills.ts), delivery through a
 * robot that fails at random (chaos-delivery.ts) and per channel (chaos-channels.ts), forged approval
 * requests (chaos-forgeries.ts), forged, replayed and expired links of all three kinds with the limiter
 * on (chaos-links.ts), and a search for secrets — the portal's X-Auth-Token, a password with `@ + ! &`
 * in six encodings — in everything jianlou wrote (chaos-secrets.ts). The world they share (portal,
 * robot, configs, logins): chaos-world.ts.
 */
import { channelChaos, channelRows } from './chaos-channels.js';
import { delivery } from './chaos-delivery.js';
import { expiries, faultCycles, faultKinds } from './chaos-engine.js';
import { forgeries } from './chaos-forgeries.js';
import { kills } from './chaos-kills.js';
import { linkCampaign, linkRows } from './chaos-links.js';
import { portalFaultRows } from './chaos-portal-faults.js';
import { deliveryKills, limiterFigures } from './chaos-round3.js';
import { filePlaces, type Place, searchPlaces, secretForms, statusPagePlace } from './chaos-secrets.js';
import { APPROVAL_SECRET, type ChaosWorld, PASSWORD, startChaosWorld, USERNAME } from './chaos-world.js';
import { seeded } from './detection-sim.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const seed = Number(arg('seed') ?? Math.floor(Math.random() * 2 ** 31));
const scale = Number(arg('scale') ?? 1);
if (!Number.isInteger(seed) || !(scale > 0)) {
  console.error('usage: npm run chaos -- [--seed N (integer)] [--scale X (> 0, default 1)]');
  process.exit(2);
}
const rounds = (n: number) => Math.max(1, Math.round(n * scale));
const random = seeded(seed);
const started = Date.now();
const progress = (line: string) =>
  process.stderr.write(`[chaos ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

/** Every place jianlou wrote to in this campaign, searched for every form of every secret. */
async function secretsFound(world: ChaosWorld) {
  const places: Place[] = [
    { name: 'logs', text: world.logs.join('\n') },
    { name: 'messages received', text: JSON.stringify(world.sink?.received() ?? []) },
    ...filePlaces(world.dir),
  ];
  for (const [i, file] of world.configs().entries()) {
    const rt = await world.openRuntime(file);
    try {
      places.push(await statusPagePlace(rt, APPROVAL_SECRET, `chaos-${i + 1}`));
    } finally {
      await rt.close();
    }
  }
  const forms = secretForms({
    username: USERNAME,
    password: PASSWORD,
    authToken: world.authToken,
    cookies: world.cookieValues,
    webhookKey: world.sink ? (new URL(world.sink.webhookUrl).searchParams.get('key') ?? '') : '',
    approvalSecret: APPROVAL_SECRET,
  });
  return { ...searchPlaces(places, forms), forms: forms.length };
}

async function campaign(world: ChaosWorld, rows: [string, string][]): Promise<void> {
  progress(`seed ${seed}, scale ${scale}`);
  const e = await expiries(world, rounds(12), random);
  rows.push([
    'session expiries: detected / missed / misread',
    `${e.detected} / ${e.missed} / ${e.misread} of ${e.rounds}`,
  ]);
  progress('expiries done');
  const f = await faultCycles(world, rounds(60), random, progress);
  rows.push([
    'fault cycles: false openings / missed openings / false "full" / crashes',
    `${f.falseOpenings} / ${f.missedOpenings} / ${f.falseFull} / ${f.crashes} of ${f.cycles} (${f.failedChecks} checks failed as they should)`,
  ]);
  progress('fault cycles done');
  rows.push(...portalFaultRows(await faultKinds(world, rounds(42), random, progress)));
  progress('portal faults per kind done');
  const dk = await deliveryKills(rounds(24), random);
  rows.push([
    'kills during delivery (once or twice): lost / unlabelled duplicates',
    `${dk.lost} / ${dk.unlabelledDuplicates} (${dk.kills} kills in ${dk.trials} trials)`,
  ]);
  rows.push(['first deliveries labelled （重发）', `${dk.labelledFirsts} of ${dk.firstDeliveries}`]);
  progress('delivery kills done');
  // The burst always exceeds the limit (30 a minute), whatever the scale.
  const lim = await limiterFigures(Math.max(60, rounds(200)), Math.max(20, rounds(100)), rounds(300), random);
  rows.push([
    'limiter on, one IPv6 /64 bursting from many addresses: let through',
    `${lim.burstLetThrough} of ${lim.burst} (limit ${lim.limit} a minute)`,
  ]);
  rows.push([
    'limiter on, honest IPv6 clients each in its own /64: refused',
    `${lim.spreadRefused} of ${lim.spreadClients}`,
  ]);
  rows.push([
    'forged status-page links (limiter on, spread over /64s): a page shown',
    `${lim.forgedStatusActed} of ${lim.forgedStatusLinks}`,
  ]);
  progress('limiter done');
  const k = await kills(world, rounds(8), random);
  rows.push([
    'kill -9: duplicate cart items / duplicate alerts / lost alerts',
    `${k.duplicateCartItems} / ${k.duplicateAlerts} / ${k.lostAlerts} of ${k.kills} kills (seats held after the rerun: ${k.holdsMade}, messages received: ${k.alertsSeen}, orders without approval: ${k.ordersWithoutApproval})`,
  ]);
  progress('kills done');
  const d = await delivery(rounds(150), random, world.portal.url);
  rows.push([
    'alerts: decided / delivered / lost / duplicated',
    `${d.decided} / ${d.delivered} / ${d.lost} / ${d.duplicated} (labelled re-sends: ${d.duplicatesLabelled}; robot faults ${JSON.stringify(d.faults)})`,
  ]);
  progress('delivery done');
  rows.push(...channelRows(await channelChaos(rounds(40), random)));
  const g = await forgeries(world, rounds(2000), random);
  rows.push([
    'forged approval requests: tried / acted',
    g.holdMade
      ? `${g.tried} / ${g.acted} (a real parent's tap afterwards: ${g.controlActed ? 'acted' : 'NOT acted'})`
      : 'no hold was made: not run',
  ]);
  progress('forgeries done');
  rows.push(...linkRows(await linkCampaign(rounds(1500), random)));
  progress('links done');
  const s = await secretsFound(world);
  const sorts = Object.entries(s.sorts)
    .map(([sort, count]) => `${sort} ${count}`)
    .join(', ');
  rows.push([
    'places holding a secret (token, password ×6 encodings, cookies, webhook key, approval secret)',
    `${s.holding} of ${s.places} places (${sorts}) searched for ${s.forms} values${s.where.length ? `: ${s.where.slice(0, 5).join('; ')}` : ''}`,
  ]);
}

const rows: [string, string][] = [];
const world = await startChaosWorld();
try {
  await campaign(world, rows);
} finally {
  await world.close();
}

const width = Math.max(...rows.map(([k]) => k.length));
console.log(
  `\njianlou chaos — seed ${seed}, scale ${scale}, ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
console.log(`\nrepeat with: npm run chaos -- --seed ${seed}${scale !== 1 ? ` --scale ${scale}` : ''}`);
