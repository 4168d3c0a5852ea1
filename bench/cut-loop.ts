/**
 * Loops checks against the demo portal with a cut connection everywhere (issue 26: a check that
 * outlived its deadline). `node --import tsx bench/cut-loop.ts [checks] [deadlineSeconds ≥ 10]`: prints
 * every check that ran past its deadline by more than 5 s, and the slowest. The world (portal,
 * config, login) is the chaos campaign's (bench/chaos-world.ts); LOOP_LOG sets the log level
 * (default warn, printed to stderr).
 */
import { runCycle } from '../src/app/cycle/cycle.js';
import { startChaosWorld } from './chaos-world.js';

const checks = Number(process.argv[2] ?? 200);
const deadlineS = Number(process.argv[3] ?? 10);
const world = await startChaosWorld({ sink: false });
let slowest = 0;
let late = 0;
try {
  const file = world.writeConfig({ cycleTimeoutSeconds: deadlineS });
  await world.login(file);
  const rt = await world.openRuntime(file, {
    level: process.env.LOOP_LOG ?? 'warn',
    write: (line) => process.stderr.write(line),
  });
  try {
    for (let i = 0; i < checks; i++) {
      world.portal.admin.setFault('api', 'cut');
      world.portal.admin.setFault('pages', 'cut');
      const t0 = Date.now();
      const watchdog = setInterval(
        () =>
          process.stderr.write(`check ${i} still running after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`),
        15_000,
      );
      const result = await runCycle(rt).catch((e: unknown) => ({
        accounts: [{ outcome: `threw ${String(e)}` }],
      }));
      clearInterval(watchdog);
      const ms = Date.now() - t0;
      slowest = Math.max(slowest, ms);
      if (ms > deadlineS * 1000 + 5000) late++;
      if (ms > deadlineS * 1000 + 5000 || i % 20 === 0)
        process.stderr.write(`check ${i}: ${ms} ms ${result.accounts[0]?.outcome}\n`);
    }
  } finally {
    await rt.close();
  }
} finally {
  await world.close();
}
process.stderr.write(`${checks} checks, ${late} late, slowest ${slowest} ms\n`);
