import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Issue 14 acceptance: the spa flow is short and written only against the public kit. */
describe('flows/demo-spa.ts', () => {
  const source = readFileSync(new URL('../../flows/demo-spa.ts', import.meta.url), 'utf8');

  it('is at most 120 lines', () => {
    expect(source.trimEnd().split('\n').length).toBeLessThanOrEqual(120);
  });

  it("imports nothing but 'jianlou/flow' and reads no environment variable", () => {
    const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(new Set(imports)).toEqual(new Set(['jianlou/flow']));
    expect(source).not.toContain('process.env');
  });
});
