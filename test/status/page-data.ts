import type { StatusPageData } from '../../src/approve/status-types.js';

export const PAGE_NOW = '2026-12-07T08:00:00.000Z';

/** A status page's data with nothing in it, and `over` for the part a test is about. */
export function emptyPageData(over: Partial<StatusPageData> = {}): StatusPageData {
  return {
    generatedAt: PAGE_NOW,
    timeZone: 'Asia/Shanghai',
    window: { from: '2026-11-23T08:00:00.000Z', to: PAGE_NOW },
    children: [],
    openings: { byHour: Array(24).fill(0), byWeekday: Array(7).fill(0), total: 0, sinceDays: 180 },
    holds: [],
    accounts: [],
    channels: [],
    outbox: { messages: 0, effects: 0 },
    alerts: [],
    problems: [],
    ...over,
  };
}
