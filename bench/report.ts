import type { Summary } from './stats.js';

export const MODES = ['warm', 'cold', 'baseline'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = {
  warm: 'jianlou warm (browser up)',
  cold: 'jianlou cold (launch+close)',
  baseline: 'naive baseline (20× goto)',
};

export interface ModeResult extends Summary {
  /** Peak Σ (RssAnon + RssShmem) of the browser tree this mode used (null without /proc). */
  peakBrowserPrivateMb: number | null;
  /** Peak Σ RSS of the same tree (overstates: shared library pages count once per process). */
  peakBrowserRssMb: number | null;
  /** Browser samples (every 100 ms) that fell inside this mode's runs. */
  browserSamples: number;
}

export interface SoakCheckpoint {
  cycle: number;
  nodeRssMb: number;
  heapUsedMb: number;
  browserPrivateMb: number | null;
  browserPssMb: number | null;
}

export interface BenchResult {
  startedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    chromium: string;
    loadBefore: number[];
    loadAfter: number[];
  };
  courses: { count: number; open: number; full: number; closed: number; ids: string[] };
  runs: number;
  warmups: number;
  modes: Record<Mode, ModeResult>;
  ratios: { baselineOverWarm: number; baselineOverCold: number; coldOverWarm: number };
  /** This process over the whole bench (it also serves the demo portal). */
  peakNodeRssMb: number;
  soak?: { cycles: number; cycleMs: Summary; checkpoints: SoakCheckpoint[] };
  totalSeconds: number;
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const ms = (v: number) => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
const mbText = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} MB`);
const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

export function formatReport(r: BenchResult): string {
  const out: string[] = [];
  const c = r.courses;
  out.push(
    `jianlou bench — one check cycle of ${c.count} courses (${c.open} open · ${c.full} full · ${c.closed} closed), demo portal in-process`,
    `${r.runs} timed runs per mode after ${r.warmups} warm-up, modes interleaved round by round`,
    `machine: ${r.machine.cpus} × ${r.machine.cpuModel}; node ${r.machine.node}; chromium ${r.machine.chromium}`,
    `load average (1/5/15 min): ${load(r.machine.loadBefore)} before → ${load(r.machine.loadAfter)} after`,
    '',
  );
  out.push(
    ...table(
      ['mode', 'median', 'p90', 'min', 'max', 'Chromium private¹', 'Chromium ΣRSS²'],
      MODES.map((m) => {
        const s = r.modes[m];
        return [
          MODE_LABELS[m],
          ms(s.medianMs),
          ms(s.p90Ms),
          ms(s.minMs),
          ms(s.maxMs),
          mbText(s.peakBrowserPrivateMb),
          mbText(s.peakBrowserRssMb),
        ];
      }),
    ),
    '',
    `baseline / warm: ${r.ratios.baselineOverWarm.toFixed(1)}×    baseline / cold: ${r.ratios.baselineOverCold.toFixed(1)}×    cold / warm: ${r.ratios.coldOverWarm.toFixed(1)}×   (by median)`,
    `peak RSS of this Node process: ${mbText(r.peakNodeRssMb)} (sampled every 20 ms; it also serves the demo portal)`,
    "Chromium: peak over the mode's runs of the browser's process tree, read from /proc every 100 ms;",
    '  ¹ Σ (RssAnon + RssShmem): leaves out shared file pages (the Chromium binary, fonts)',
    '  ² Σ RSS: counts those shared pages once per process, so it overstates',
  );
  if (r.soak) {
    const s = r.soak;
    out.push(
      '',
      `memory over ${s.cycles} warm cycles (a fresh runtime, one browser, a fresh context per cycle; read after gc):`,
      ...table(
        ['after cycle', 'node RSS', 'heap used', 'Chromium private', 'Chromium PSS'],
        s.checkpoints.map((p) => [
          String(p.cycle),
          mbText(p.nodeRssMb),
          mbText(p.heapUsedMb),
          mbText(p.browserPrivateMb),
          mbText(p.browserPssMb),
        ]),
      ),
    );
    const first = s.checkpoints[0];
    const last = s.checkpoints[s.checkpoints.length - 1];
    if (first && last && first !== last) {
      const delta = (a: number | null, b: number | null) =>
        a === null || b === null ? '—' : `${b - a >= 0 ? '+' : ''}${(b - a).toFixed(1)} MB`;
      out.push(
        `change ${first.cycle}→${last.cycle}: node RSS ${delta(first.nodeRssMb, last.nodeRssMb)}, heap ${delta(first.heapUsedMb, last.heapUsedMb)}, Chromium PSS ${delta(first.browserPssMb, last.browserPssMb)}`,
      );
    }
    out.push(
      `soak cycle time: median ${ms(s.cycleMs.medianMs)}, p90 ${ms(s.cycleMs.p90Ms)}, min ${ms(s.cycleMs.minMs)}, max ${ms(s.cycleMs.maxMs)}`,
    );
  }
  out.push('', `total bench time: ${r.totalSeconds.toFixed(1)} s`);
  return out.join('\n');
}
