import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { WorkerSamples } from './sampler-worker.js';

export interface PhasePeak {
  /** Peak RSS of this Node process while the phase ran. */
  nodeRssBytes: number;
  /** Peak Σ RSS of the browser trees the phase counts (null without /proc or without a sample). */
  browserRssBytes: number | null;
  /** Peak Σ (RssAnon + RssShmem) of the same trees. */
  browserPrivateBytes: number | null;
  /** How many browser samples fell inside the phase (a warm cycle is shorter than the interval). */
  browserSamples: number;
}

export interface SamplerReport {
  phases: Record<string, PhasePeak>;
  /** Peak RSS of this Node process over the whole sampling. */
  peakNodeRssBytes: number;
}

export interface Sampler {
  /** Attributes the samples from now until the returned function is called to `phase`. */
  begin(phase: string, countBrowser?: (pid: number) => boolean): () => void;
  stop(): Promise<SamplerReport>;
}

interface Span {
  phase: string;
  from: number;
  to: number;
  countBrowser: (pid: number) => boolean;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * Samples this process's RSS every `nodeIntervalMs` and the browsers' /proc trees every
 * `browserIntervalMs` in a worker thread (a /proc scan takes a few milliseconds); samples are
 * attributed to the phases afterwards, by time.
 */
export async function startSampler(nodeIntervalMs = 20, browserIntervalMs = 100): Promise<Sampler> {
  // Workers do not inherit the tsx loader this bench runs under: register it in the worker first.
  const entry = new URL('./sampler-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { nodeIntervalMs, browserIntervalMs } });
  const [ready] = await once(worker, 'message');
  if (ready !== 'ready') throw new Error('the memory sampler did not start');
  const spans: Span[] = [];

  return {
    begin(phase, countBrowser = () => true) {
      const span: Span = { phase, from: now(), to: Number.POSITIVE_INFINITY, countBrowser };
      spans.push(span);
      return () => {
        span.to = now();
      };
    },
    async stop() {
      worker.postMessage('stop');
      const [samples] = (await once(worker, 'message')) as [WorkerSamples];
      await worker.terminate();
      const phases: Record<string, PhasePeak> = {};
      for (const span of spans)
        phases[span.phase] ??= {
          nodeRssBytes: 0,
          browserRssBytes: null,
          browserPrivateBytes: null,
          browserSamples: 0,
        };
      let peakNodeRssBytes = process.memoryUsage.rss();
      for (const [at, rss] of samples.node) {
        peakNodeRssBytes = Math.max(peakNodeRssBytes, rss);
        for (const span of spans) {
          if (at >= span.from && at <= span.to) {
            const p = phases[span.phase]!;
            p.nodeRssBytes = Math.max(p.nodeRssBytes, rss);
          }
        }
      }
      for (const [at, trees] of samples.browsers) {
        for (const span of spans) {
          if (at < span.from || at > span.to) continue;
          const counted = trees.filter(([pid]) => span.countBrowser(pid));
          const p = phases[span.phase]!;
          const rss = counted.reduce((acc, [, bytes]) => acc + bytes, 0);
          const own = counted.reduce((acc, [, , bytes]) => acc + bytes, 0);
          p.browserRssBytes = Math.max(p.browserRssBytes ?? 0, rss);
          p.browserPrivateBytes = Math.max(p.browserPrivateBytes ?? 0, own);
          p.browserSamples += 1;
        }
      }
      return { phases, peakNodeRssBytes };
    },
  };
}
