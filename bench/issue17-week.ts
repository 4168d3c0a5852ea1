import { cronChecks, delays, poissonIn, seeded, surgeChecks } from './detection-sim.js';

/**
 * Issue 17's simulated detection delay: one simulated week (Asia/Shanghai), seats freed 4 an hour in
 * 7–23 h and 30 an hour inside the 11:55 surge, found by the plain schedules and by surges of
 * 10, 20 and 30 s.
 */
export function simulatedWeek() {
  const tz = 'Asia/Shanghai';
  const weekStart = Date.parse('2026-07-06T00:00:00+08:00'); // a Monday
  const weekEnd = weekStart + 7 * 86_400_000;
  const activeHours: [number, number][] = [];
  for (let d = 0; d < 7; d++)
    activeHours.push([
      weekStart + d * 86_400_000 + 7 * 3_600_000,
      weekStart + d * 86_400_000 + 23 * 3_600_000,
    ]);
  const surgeWindows = [10, 20, 30].map((everySeconds) => ({
    everySeconds,
    windows: [{ cron: '55 11 * * *', durationMinutes: 65, everySeconds }],
  }));
  const surgeIntervals: [number, number][] = [];
  for (let d = 0; d < 7; d++) {
    const s = weekStart + d * 86_400_000 + (11 * 60 + 55) * 60_000;
    surgeIntervals.push([s, s + 65 * 60_000]);
  }
  const releases = poissonIn(activeHours, 4, seeded(17));
  const surgeReleases = poissonIn(surgeIntervals, 30, seeded(18));
  const sim = {
    '*/2 7-22 (example today)': delays(
      releases,
      cronChecks('*/2 7-22 * * *', 20, weekStart, weekEnd, tz, seeded(1)),
      7 * 16,
    ),
    '* 7-22 (every minute)': delays(
      releases,
      cronChecks('* 7-22 * * *', 20, weekStart, weekEnd, tz, seeded(2)),
      7 * 16,
    ),
    ...Object.fromEntries(
      surgeWindows.map(({ everySeconds, windows }) => [
        `surge every ${everySeconds} s`,
        // The regular every-minute schedule runs around a surge (its ticks stand aside inside one):
        // a seat freed after a window's last check is found by it, not by the next day's window.
        delays(
          surgeReleases,
          [
            ...surgeChecks(windows, weekStart, weekEnd, tz, seeded(3)),
            ...cronChecks('* 7-22 * * *', 20, weekStart, weekEnd, tz, seeded(4)).filter(
              (c) => !surgeIntervals.some(([from, to]) => c >= from && c < to),
            ),
          ],
          (7 * 65) / 60,
          surgeIntervals,
        ),
      ]),
    ),
  };
  return sim;
}
