import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

/** Layers, lowest first: a module may import its own layer's folder and lower layers only. */
const LAYER: Record<string, number> = {
  'src/core': 0,
  'src/config': 1,
  'src/store': 1,
  'src/flow': 1,
  'src/log': 1,
  'src/i18n': 1,
  'src/browser': 2,
  'src/watch': 2,
  'src/notify': 2,
  'src/approve': 2,
  flows: 2,
  'src/app': 3,
  'src/cli': 4,
};

/** Deliberate exceptions, each with its reason. */
const ALLOWED = new Set<string>([
  // The flow contract suite launches a real browser for users' own flows.
  'src/flow/testing.ts -> src/browser',
]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function areaOf(file: string): string | undefined {
  const rel = relative(ROOT, file);
  return Object.keys(LAYER)
    .filter((a) => rel === a || rel.startsWith(`${a}/`))
    .sort((a, b) => b.length - a.length)[0];
}

describe('import direction', () => {
  it('no module imports upward or sideways across layers', () => {
    const violations: string[] = [];
    for (const file of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'flows'))]) {
      const from = areaOf(file);
      if (!from) continue;
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)) {
        const target = areaOf(resolve(dirname(file), m[1] ?? ''));
        if (!target || target === from) continue;
        const rel = relative(ROOT, file);
        if (ALLOWED.has(`${rel} -> ${target}`)) continue;
        const fromLayer = LAYER[from] ?? 0;
        const toLayer = LAYER[target] ?? 0;
        if (toLayer >= fromLayer)
          violations.push(`${rel} imports ${target} (layer ${toLayer} ≥ ${fromLayer})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the pure core imports no I/O library', () => {
    const pure = [...files(join(ROOT, 'src/core'))];
    const decide = join(ROOT, 'src/watch/decide.ts');
    const offenders = [...pure, decide]
      .filter((f) => {
        try {
          return /from '(playwright|keyv|@keyv\/sqlite|pino|node:fs|node:http|express)/.test(
            readFileSync(f, 'utf8'),
          );
        } catch {
          return false;
        }
      })
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
