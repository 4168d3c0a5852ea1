import {
  explainDropped,
  explainWindow,
  LEARN_DAYS,
  learnFromHistory,
  type SurgeLearning,
} from '../app/status/learned-surges.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
import type { SurgeWindow } from '../watch/surges.js';
import { openRuntime, print } from './shared.js';

export interface SuggestOptions {
  json?: boolean;
}

/**
 * `jianlou surges suggest` (issue 32): surge windows learned from the seat history, printed as
 * `schedule.surges` lines to paste, each with why as a comment. Read-only: the store only.
 */
export async function surgesSuggestCommand(configFile: string, opts: SuggestOptions): Promise<void> {
  const { rt } = await openRuntime(configFile);
  try {
    const learning = await learnFromHistory(rt);
    print(
      opts.json
        ? JSON.stringify(withEnglish(learning), null, 2)
        : renderSuggestion(learning, {
            locale: rt.config.locale,
            configured: rt.config.schedule.surges,
            learn: rt.config.schedule.learn,
            maxRequestsPerHour: rt.config.schedule.maxRequestsPerHour,
          }).join('\n'),
    );
  } finally {
    await rt.close();
  }
}

/** `--json` stays English (developers read it): each window and dropped pattern with its sentence. */
function withEnglish(learning: SurgeLearning) {
  const { windows, dropped } = learning.proposal;
  return {
    ...learning,
    proposal: {
      windows: windows.map((w) => ({ ...w, explanation: explainWindow(w, 'en') })),
      dropped: dropped.map((d) => ({ ...d, ...explainDropped(d, 'en') })),
    },
  };
}

const q = (s: string) => JSON.stringify(s);

/** One `schedule.surges` entry as flow-style YAML. */
export function surgeLine(w: SurgeWindow): string {
  const fields = [
    ...(w.name ? [`name: ${q(w.name)}`] : []),
    ...(w.cron ? [`cron: ${q(w.cron)}`, `durationMinutes: ${w.durationMinutes}`] : []),
    ...(w.from && w.to ? [`from: ${q(w.from)}`, `to: ${q(w.to)}`] : []),
    `everySeconds: ${w.everySeconds}`,
  ];
  return `- { ${fields.join(', ')} }`;
}

/** The YAML the command prints: comments say why; the lines parse as `schedule.surges`. */
export function renderSuggestion(
  learning: SurgeLearning,
  config: { locale: Locale; configured: readonly SurgeWindow[]; learn: boolean; maxRequestsPerHour: number },
): string[] {
  const { returns } = learning.learned;
  const m = catalogue(config.locale).cli;
  const t = m.tools.surges;
  const perCourse = Object.entries(returns.byCourse)
    .sort((a, b) => b[1] - a[1])
    .map(([course, n]) => `${course} ${n}`)
    .join(', ');
  const out = [
    t.returns(LEARN_DAYS, returns.total, perCourse, learning.learned.waves),
    `# ${m.seatsUsuallyBack(learning.usualTimes, learning.afterWaveMinutes)}`,
    t.budget(config.maxRequestsPerHour),
  ];
  const windows = learning.proposal.windows;
  if (windows.length === 0 && config.configured.length === 0) {
    out.push(t.nothingYet);
  } else {
    out.push('schedule:', '  surges:');
    if (config.configured.length > 0) out.push(t.yoursKept);
    for (const w of config.configured) out.push(`    ${surgeLine(w)}`);
    for (const w of windows) {
      const once = w.window.from ? t.once : '';
      out.push(`    # ${explainWindow(w, config.locale)}${once}`, `    ${surgeLine(w.window)}`);
    }
  }
  for (const p of learning.learned.patterns.filter((x) => x.kind === 'after-wave' && !x.stopped)) {
    out.push(t.notConfig(t.pattern(p)), config.learn ? t.learnOn : t.learnOff);
  }
  for (const d of learning.proposal.dropped) {
    const said = explainDropped(d, config.locale);
    out.push(t.notUsed(said.explanation, said.reason));
  }
  return out;
}
