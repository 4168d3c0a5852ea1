/**
 * The phone's device scale as its relay page reports it (`?dpr=`, its `window.devicePixelRatio`,
 * issue 29 item 9): 1–3, to two decimals; undefined when missing or unreadable (the relay keeps 3×).
 * Pure.
 */
export function phoneScaleOf(query: unknown): number | undefined {
  if (typeof query !== 'string' || query.trim() === '') return undefined;
  const dpr = Number(query);
  if (!Number.isFinite(dpr) || dpr <= 0) return undefined;
  return Math.min(3, Math.max(1, Math.round(dpr * 100) / 100));
}
