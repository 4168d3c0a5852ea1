import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seatChart } from '../../src/approve/status-charts.js';
import { launchBrowser } from '../../src/browser/launch.js';

/**
 * Issue 29 item 5, found in a parent's check: the newest markers at "now" (the right edge of the
 * 14-day chart) were spread around their centre and the last triangle was cut in half by the edge.
 */
const TO = Date.parse('2026-12-07T08:00:00Z');
const FROM = TO - 14 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('the 14-day chart keeps every marker inside the chart', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('clusters at both edges are whole triangles within the chart, still apart', async () => {
    const svg = seatChart(
      {
        series: [
          { at: iso(FROM), seats: 0, state: 'full' },
          { at: iso(TO), seats: 1, state: 'open' },
        ],
        markers: [
          { kind: 'alert', at: iso(FROM) },
          { kind: 'hold', at: iso(FROM + 1_000) },
          { kind: 'order', at: iso(FROM + 2_000) },
          { kind: 'alert', at: iso(TO - 60_000) },
          { kind: 'hold', at: iso(TO - 1_000) },
          { kind: 'order', at: iso(TO) },
        ],
      },
      { from: FROM, to: TO, label: 'chart', ticks: [], noHistory: '—' },
    );
    const page = await browser.newPage({ viewport: { width: 390, height: 300 } });
    try {
      await page.setContent(`<div style="width:320px;padding:20px">${svg}</div>`);
      const chart = await page.locator('svg').boundingBox();
      const boxes = await page.locator('[data-marker]').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right };
        }),
      );
      expect(boxes).toHaveLength(6);
      for (const b of boxes) {
        expect(b.left).toBeGreaterThanOrEqual(chart!.x - 0.01);
        expect(b.right).toBeLessThanOrEqual(chart!.x + chart!.width + 0.01);
      }
      const sorted = [...boxes].sort((a, b) => a.left - b.left);
      for (let i = 1; i < sorted.length; i++) {
        expect(sorted[i]!.left).toBeGreaterThanOrEqual(sorted[i - 1]!.right - 0.5);
      }
    } finally {
      await page.close();
    }
  });
});
