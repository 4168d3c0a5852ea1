import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright';

/**
 * axe-core's WCAG 2 A/AA rules run inside the page in real Chromium (issue 29 item 5b). The pages
 * allow no script of ours by CSP, so the checker runs in a context that bypasses CSP: it reads the
 * page as rendered, it does not change it.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A phone-sized context (390 × 844, 3×, touch) in the page's language. */
export function phoneContext(browser: Browser, locale = 'zh-CN'): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale,
    bypassCSP: true,
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[]; summary: string }[];
}

/** The WCAG 2 A/AA violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global by the line above.
    const axe = (window as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map(
      (v: { id: string; impact: string | null; nodes: { target: string[]; failureSummary: string }[] }) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
      }),
    );
  });
}

/** Readable in a test failure: rule, how many elements, the first few and why. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 3)
        .map((n) => `  ${n.target.join(' ')}: ${n.summary.replace(/\s+/g, ' ')}`);
      return [`${v.id} (${v.nodes.length})`, ...nodes].join('\n');
    })
    .join('\n');
}
