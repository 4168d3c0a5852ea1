import { catalogue } from '../../i18n/catalogue.js';
import { activeSurge } from '../../watch/surges.js';
import { explainDropped, explainWindow, type LearnSources, learnFromHistory } from './learned-surges.js';

export interface LearnedStatus {
  /** `schedule.learn`: whether `watch` applies the windows itself. */
  enabled: boolean;
  maxRequestsPerHour: number;
  /** Local "HH:MM" seats usually come back at, busiest first. */
  usualTimes: string[];
  /** Minutes after an opening wave seats usually come back. */
  afterWaveMinutes: number[];
  /** The sentence for a person, in the config's locale. */
  summary: string;
  /** Seats that came back in the history read (four weeks): overall, per portal, per course. */
  returns: { total: number; byPortal: Record<string, number>; byCourse: Record<string, number> };
  windows: {
    key: string;
    name: string;
    cron: string | null;
    durationMinutes: number | null;
    from: string | null;
    to: string | null;
    everySeconds: number;
    requestsPerHour: number;
    /** Why, in the config's locale (like `summary`). */
    explanation: string;
    activeNow: boolean;
  }[];
  /** Patterns not used, and why (stopped happening, no room in the budget), in the config's locale. */
  dropped: { explanation: string; reason: string }[];
}

/** `status`'s view of learned surge windows. */
export async function learnedStatus(rt: LearnSources, now: Date): Promise<LearnedStatus> {
  const { config } = rt;
  const learning = await learnFromHistory(rt);
  const windows = learning.proposal.windows;
  const active = activeSurge(
    windows.map((w) => w.window),
    now.getTime(),
    config.timezone,
  );
  return {
    enabled: config.schedule.learn,
    maxRequestsPerHour: config.schedule.maxRequestsPerHour,
    usualTimes: learning.usualTimes,
    afterWaveMinutes: learning.afterWaveMinutes,
    summary: catalogue(config.locale).cli.seatsUsuallyBack(learning.usualTimes, learning.afterWaveMinutes),
    returns: learning.learned.returns,
    windows: windows.map((w, i) => ({
      key: w.key,
      name: w.window.name ?? w.key,
      cron: w.window.cron ?? null,
      durationMinutes: w.window.durationMinutes ?? null,
      from: w.window.from ?? null,
      to: w.window.to ?? null,
      everySeconds: w.window.everySeconds,
      requestsPerHour: w.requestsPerHour,
      explanation: explainWindow(w, config.locale),
      activeNow: active?.index === i,
    })),
    dropped: learning.proposal.dropped.map((d) => explainDropped(d, config.locale)),
  };
}
