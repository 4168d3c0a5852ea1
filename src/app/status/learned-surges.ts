import type { Config } from '../../config/schema.js';
import { catalogue } from '../../i18n/catalogue.js';
import type { Locale } from '../../i18n/locale.js';
import type { CourseHistory } from '../../watch/seat-returns.js';
import { type Learned, learnSurges } from '../../watch/surge-learn.js';
import {
  budgetAllowsAt,
  type LearnedWindow,
  type Proposal,
  proposeWindows,
  type SpentCheck,
  usualLags,
  usualTimes,
} from '../../watch/surge-plan.js';
import type { SurgeWindow } from '../../watch/surges.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * The store side of learned surge windows (issue 32): reads the seat history and the runs, hands
 * them to the pure learner (src/watch/surge-learn.ts, surge-plan.ts), and answers the budget guard.
 */

/** Seat history the learner reads: four weeks (older patterns may have stopped). */
export const LEARN_DAYS = 28;
const DAY_MS = 86_400_000;
/** Runs read to estimate the requests one check sends. */
const RUNS_SAMPLED = 200;

export type LearnSources = Pick<Runtime, 'config' | 'repos' | 'now'>;

export interface SurgeLearning {
  learned: Learned;
  proposal: Proposal;
  /** "10:00", "00:00": daily times seats came back, busiest first. */
  usualTimes: string[];
  /** Minutes after an opening wave seats came back ("60"). */
  afterWaveMinutes: number[];
  requestsPerCheck: number;
}

/** Why a learned window runs, in the given language (logs: 'en'). */
export function explainWindow(w: Pick<LearnedWindow, 'pattern' | 'waveAt'>, locale: Locale): string {
  const t = catalogue(locale).cli.tools.surges;
  const pattern = t.pattern(w.pattern);
  return w.waveAt ? t.afterWave(w.waveAt, pattern) : pattern;
}

/** A pattern not used and why, in the given language. */
export function explainDropped(d: Proposal['dropped'][number], locale: Locale) {
  const t = catalogue(locale).cli.tools.surges;
  return { explanation: t.pattern(d.pattern), reason: t.dropped(d.reason, d.pattern.kind) };
}

/** The portal key of the history: its host (one portal per config today). */
export function portalKey(config: Pick<Config, 'portal'>): string {
  try {
    return new URL(config.portal.baseUrl).host;
  } catch {
    return config.portal.baseUrl;
  }
}

/** The median requests of a check of any account (1 when no run recorded it). */
async function requestsPerCheck(rt: LearnSources): Promise<number> {
  const counts: number[] = [];
  for (const account of rt.config.accounts) {
    for (const run of await rt.repos.runs.recent(account.id, RUNS_SAMPLED)) {
      const requests = run.requests ?? 0;
      if (run.outcome === 'ok' && requests > 0) counts.push(requests);
    }
  }
  counts.sort((a, b) => a - b);
  return counts[Math.floor(counts.length / 2)] ?? 1;
}

/** What the seat history says now: patterns, the windows within the budget, the usual times. */
export async function learnFromHistory(rt: LearnSources): Promise<SurgeLearning> {
  const now = rt.now();
  const since = new Date(now.getTime() - LEARN_DAYS * DAY_MS);
  const changes = await rt.repos.history.changes(since);
  const portal = portalKey(rt.config);
  const histories: CourseHistory[] = [...changes].map(([courseId, list]) => ({
    portal,
    courseId,
    changes: list,
  }));
  const learned = learnSurges({ histories, nowMs: now.getTime(), timeZone: rt.config.timezone });
  const perCheck = await requestsPerCheck(rt);
  const proposal = proposeWindows(learned, rt.config.timezone, {
    cron: rt.config.schedule.cron,
    maxRequestsPerHour: rt.config.schedule.maxRequestsPerHour,
    requestsPerCheck: perCheck,
  });
  return {
    learned,
    proposal,
    usualTimes: usualTimes(learned),
    afterWaveMinutes: usualLags(learned),
    requestsPerCheck: perCheck,
  };
}

/**
 * The budget guard: when one more learned-window check keeps every account's last hour within
 * `schedule.maxRequestsPerHour` (now, or when enough old checks have aged out).
 */
export async function learnedCheckAllowedAt(rt: LearnSources, perCheck: number): Promise<number> {
  const nowMs = rt.now().getTime();
  let at = nowMs;
  for (const account of rt.config.accounts) {
    const spent: SpentCheck[] = (
      await rt.repos.runs.recent(account.id, 2 * rt.config.schedule.maxRequestsPerHour)
    )
      .map((r) => ({ atMs: Date.parse(r.startedAt), requests: r.requests ?? perCheck }))
      .reverse();
    at = Math.max(at, budgetAllowsAt(spent, nowMs, rt.config.schedule.maxRequestsPerHour, perCheck));
  }
  return at;
}

/** How often `watch` reads the history again (a wave just seen raises its window within this). */
export const RELEARN_MS = 5 * 60_000;

export interface SurgeLearner {
  /** The learned windows now (the scheduler asks before each plan). */
  windows(): SurgeWindow[];
  allowedAt(nowMs: number): Promise<number>;
  /** Learns once now, then every few minutes until stop(). */
  start(): Promise<void>;
  refresh(): Promise<SurgeLearning>;
  stop(): void;
}

/** `schedule.learn: true` in `watch`: the windows, their budget guard, a log line for each change. */
export function createSurgeLearner(rt: LearnSources & Pick<Runtime, 'logger'>): SurgeLearner {
  const log = rt.logger.child({ part: 'surges' });
  let current: SurgeLearning | undefined;
  let known = new Set<string>();
  const droppedSaid = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  async function refresh(): Promise<SurgeLearning> {
    const learning = await learnFromHistory(rt);
    const keys = new Set(learning.proposal.windows.map((w) => w.key));
    for (const w of learning.proposal.windows) {
      if (known.has(w.key)) continue;
      log.info(
        { window: w.window, requestsPerHour: w.requestsPerHour },
        `learned surge window ${w.window.name}: ${explainWindow(w, 'en')}`,
      );
    }
    for (const key of known) if (!keys.has(key)) log.info({ key }, 'learned surge window ended or dropped');
    for (const d of learning.proposal.dropped) {
      const key = `${d.pattern.kind}@${d.pattern.startMinute}`;
      if (droppedSaid.has(key)) continue;
      droppedSaid.add(key);
      const said = explainDropped(d, 'en');
      log.info({ key }, `learned pattern not used: ${said.explanation} — ${said.reason}`);
    }
    known = keys;
    current = learning;
    return learning;
  }
  return {
    windows: () => current?.proposal.windows.map((w) => w.window) ?? [],
    allowedAt: (nowMs) =>
      current ? learnedCheckAllowedAt(rt, current.requestsPerCheck) : Promise.resolve(nowMs),
    refresh,
    async start() {
      await refresh().catch((error: unknown) => log.warn({ err: error }, 'learning surge windows failed'));
      timer = setInterval(() => {
        refresh().catch((error: unknown) => log.warn({ err: error }, 'learning surge windows failed'));
      }, RELEARN_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
