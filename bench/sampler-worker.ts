import { parentPort, workerData } from 'node:worker_threads';
import { browserTrees, procAvailable } from './proc-memory.js';

/**
 * Runs off the main thread, so sampling never stalls the event loop whose runs are being timed.
 * RSS is per process, so this thread reads the same figure the main thread would.
 */
export interface WorkerSamples {
  node: [at: number, rssBytes: number][];
  browsers: [at: number, trees: [pid: number, rssBytes: number, privateBytes: number][]][];
}

const { nodeIntervalMs, browserIntervalMs } = workerData as {
  nodeIntervalMs: number;
  browserIntervalMs: number;
};
const now = () => performance.timeOrigin + performance.now();
const samples: WorkerSamples = { node: [], browsers: [] };

const nodeTimer = setInterval(() => samples.node.push([now(), process.memoryUsage.rss()]), nodeIntervalMs);
const browserTimer = procAvailable
  ? setInterval(() => {
      const trees = [...browserTrees()].map(([pid, m]): [number, number, number] => [
        pid,
        m.rssBytes,
        m.privateBytes,
      ]);
      samples.browsers.push([now(), trees]);
    }, browserIntervalMs)
  : undefined;

parentPort!.once('message', () => {
  clearInterval(nodeTimer);
  if (browserTimer) clearInterval(browserTimer);
  parentPort!.postMessage(samples);
});
parentPort!.postMessage('ready');
