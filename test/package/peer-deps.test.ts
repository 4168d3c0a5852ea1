import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Issue 29 item 13: `jianlou/flow/testing` imports vitest, so the package says so — an optional peer
// (a family that never runs the contract suite installs nothing more).
describe('package.json declares what jianlou/flow/testing needs', () => {
  it('vitest is an optional peer dependency', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.peerDependencies?.vitest).toMatch(/\d/);
    expect(pkg.peerDependenciesMeta?.vitest?.optional).toBe(true);
  });
});
