import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Issue 28 acceptance: the legacy flow is short, written only against the public kit, and needs no page. */
describe('flows/demo-legacy.ts', () => {
  const source = readFileSync(new URL('../../flows/demo-legacy.ts', import.meta.url), 'utf8');

  it('is at most 150 lines', () => {
    expect(source.trimEnd().split('\n').length).toBeLessThanOrEqual(150);
  });

  it("imports nothing but 'jianlou/flow', reads no environment variable and opens no page", () => {
    const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['jianlou/flow']));
    expect(source).not.toContain('process.env');
    expect(source).not.toMatch(/ctx\.page\(|\.goto\(/);
  });
});
