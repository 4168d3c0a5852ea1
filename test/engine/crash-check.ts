/**
 * `jianlou check` that dies between starting and finishing an effect: the crash test's own
 * process (node --import tsx test/engine/crash-check.ts CONFIG). The product has no such switch;
 * the test sets the cycle's onEffectStarted hook here.
 */
import { runCycle } from '../../src/app/cycle/cycle.js';
import { acquireStoreLock } from '../../src/app/process/process-lock.js';
import { openRuntime } from '../../src/cli/shared.js';

const configFile = process.argv[2];
if (!configFile) throw new Error('usage: crash-check.ts CONFIG');
const { rt } = await openRuntime(configFile);
const lock = acquireStoreLock(rt.config.store.lockPath);
if (!lock.acquired) throw new Error(`store locked by pid ${lock.heldBy}`);
await runCycle(rt, {
  onEffectStarted(effectId) {
    process.stderr.write(`crash hook: exiting after effect ${effectId} was started\n`);
    process.exit(70);
  },
});
process.stderr.write('crash hook: no effect was started\n');
process.exit(1);
