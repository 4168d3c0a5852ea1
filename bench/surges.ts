import { BUDGET, PLAIN_CRON, runWeek, type SurgeRow } from './surge-sim.js';

/** Issue 32's table alone (`npm run bench:surges`): no portal, no browser, a few seconds. */
export function surgeTable(rows: readonly SurgeRow[]): string[] {
  const f = (n: number, d = 1) => (Number.isNaN(n) ? '—' : n.toFixed(d));
  return [
    `| simulated week (plain = \`${PLAIN_CRON}\`, budget ${BUDGET} requests/hour) | schedule | mean delay | p90 | patterned releases | noise | busiest hour, requests | mean requests/hour |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.releases} | ${r.schedule} | ${f(r.meanDelaySeconds)} s | ${f(r.p90DelaySeconds)} s | ${f(r.patternedMeanSeconds)} s | ${f(r.noiseMeanSeconds)} s | ${f(r.busiestHourRequests, 0)} | ${f(r.meanRequestsPerHour, 0)} |`,
    ),
  ];
}

export function surgeRows(): SurgeRow[] {
  return [...runWeek('structured', 32), ...runWeek('unstructured', 320)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = surgeRows();
  process.stdout.write(`${surgeTable(rows).join('\n')}\n\nlearned windows (structured):\n`);
  for (const w of rows.find((r) => r.releases === 'structured' && r.schedule === 'learned')?.windows ?? [])
    process.stdout.write(`  ${w}\n`);
  const un = rows.find((r) => r.releases === 'unstructured' && r.schedule === 'learned')?.windows ?? [];
  process.stdout.write(`learned windows (unstructured): ${un.length > 1 ? un.join('; ') : 'none'}\n`);
}
