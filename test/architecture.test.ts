import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkArchitecture, RULES, roomOf } from './architecture/rules.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

describe('the rooms of jianlou', () => {
  it('every file of src/ and flows/ keeps the layer rules, with no cycle and a pure core', () => {
    expect(checkArchitecture(ROOT).map((v) => v.message)).toEqual([]);
  });

  it('places every file of the app in a room named after what it does, the cycle above the holds', () => {
    expect(roomOf('src/app/cycle/cycle.ts')?.path).toBe('src/app/cycle');
    expect(roomOf('src/app/holds/hold-records.ts')?.path).toBe('src/app/holds');
    expect(roomOf('src/app/new-thing.ts')).toBeUndefined();
    const layer = (p: string) => roomOf(p)?.layer ?? Number.NaN;
    expect(layer('src/app/runtime/runtime.ts')).toBeGreaterThan(layer('src/contract/suite.ts'));
    expect(layer('src/app/alerts/alerts.ts')).toBeGreaterThan(layer('src/app/runtime/runtime.ts'));
    expect(layer('src/app/holds/hold-effect.ts')).toBeGreaterThan(layer('src/app/alerts/alerts.ts'));
    expect(layer('src/app/cycle/cycle.ts')).toBeGreaterThan(layer('src/app/holds/hold-effect.ts'));
    expect(layer('src/app/process/daemon.ts')).toBeGreaterThan(layer('src/app/cycle/cycle.ts'));
    expect(layer('src/cli/main.ts')).toBeGreaterThan(layer('src/app/process/daemon.ts'));
  });

  it('places the demo portal, the fake robot and the contract suite in their own rooms', () => {
    expect(roomOf('src/portal/server.ts')?.path).toBe('src/portal');
    expect(roomOf('src/sink/sink.ts')?.path).toBe('src/sink');
    expect(roomOf('src/contract/suite.ts')?.layer).toBeGreaterThan(
      roomOf('src/browser/launch.ts')?.layer ?? 9,
    );
  });
});

describe('the architecture checker on planted trees', () => {
  let root: string;
  const plant = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return checkArchitecture(root, RULES);
  };
  const rules = (files: Record<string, string>) => plant(files).map((v) => `${v.rule}: ${v.message}`);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'jianlou-arch-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('passes a tree whose imports all run down', () => {
    expect(
      rules({
        'src/core/types.ts': 'export type Id = string;\n',
        'src/flow/types.ts': "import type { Id } from '../core/types.js';\nexport type F = Id;\n",
        'src/browser/launch.ts': "import type { F } from '../flow/types.js';\nexport const f: F = 'x';\n",
        'src/cli/main.ts': "const m = await import('../browser/launch.js');\nexport default m;\n",
      }),
    ).toEqual([]);
  });

  it('reports a back-arrow, also a type-only one, and a sideways import between siblings', () => {
    expect(
      rules({
        'src/core/types.ts': "import type { Store } from '../store/types.js';\nexport type Id = Store;\n",
        'src/store/types.ts': 'export type Store = string;\n',
        'src/watch/decide.ts': "export { send } from '../notify/sender.js';\n",
        'src/notify/sender.ts': 'export const send = 1;\n',
      }),
    ).toEqual([
      'layer: src/core/types.ts imports src/store/types.ts: src/core (layer 0) may import only lower layers, not src/store (layer 1)',
      'layer: src/watch/decide.ts imports src/notify/sender.ts: src/watch (layer 2) may import only lower layers, not src/notify (layer 2)',
    ]);
  });

  it('reports a hold importing the cycle, and a file left straight in src/app/', () => {
    expect(
      rules({
        'src/app/runtime/runtime.ts': 'export const rt = 1;\n',
        'src/app/cycle/cycle.ts': "import { rt } from '../runtime/runtime.js';\nexport const run = rt;\n",
        'src/app/holds/hold.ts': "import { run } from '../cycle/cycle.js';\nexport const h = run;\n",
        'src/app/loose.ts': "import { h } from './holds/hold.js';\nexport const l = h;\n",
      }),
    ).toEqual([
      'layer: src/app/holds/hold.ts imports src/app/cycle/cycle.ts: src/app/holds (layer 4.2) may import only lower layers, not src/app/cycle (layer 4.3)',
      'unmapped: src/app/loose.ts belongs to no room: add its folder to RULES.rooms in test/architecture/rules.ts',
    ]);
  });

  it('reports an import cycle with its path, even inside one room', () => {
    expect(
      rules({
        'src/app/cycle/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
        'src/app/cycle/b.ts': "import './c.js';\nexport const b = 1;\n",
        'src/app/cycle/c.ts': "import { a } from './a.js';\nexport const c = a;\n",
      }),
    ).toEqual([
      'cycle: import cycle: src/app/cycle/a.ts → src/app/cycle/b.ts → src/app/cycle/c.ts → src/app/cycle/a.ts',
    ]);
  });

  it('reports a clock call in the core and in decide, but not a date made from an argument', () => {
    expect(
      rules({
        'src/core/time.ts':
          'export const t = (iso: string) => new Date(iso);\nexport const n = () => Date.now();\n',
        'src/watch/decide-x.ts': 'export const d = () => new Date();\n',
        'src/watch/scheduler.ts': 'export const s = () => Date.now();\n',
      }),
    ).toEqual([
      'clock: src/core/time.ts:2 reads the clock: a pure file takes the time as an argument',
      'clock: src/watch/decide-x.ts:1 reads the clock: a pure file takes the time as an argument',
    ]);
  });

  it('reports playwright, keyv and pino in the core, directly or through a file it imports', () => {
    expect(
      rules({
        'src/core/a.ts':
          "import type { Page } from 'playwright';\nimport Keyv from 'keyv';\nexport type P = Page | Keyv;\n",
        'src/core/b.ts': "import { l } from './c.js';\nexport const b = l;\n",
        'src/core/c.ts': "import pino from 'pino';\nexport const l = pino;\n",
        'src/watch/decide.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      }),
    ).toEqual([
      'pure-import: src/core/a.ts imports playwright: a pure file uses no I/O library',
      'pure-import: src/core/a.ts imports keyv: a pure file uses no I/O library',
      'pure-import: src/core/b.ts imports pino (through src/core/c.ts): a pure file uses no I/O library',
      'pure-import: src/core/c.ts imports pino: a pure file uses no I/O library',
      'pure-import: src/watch/decide.ts imports fs: a pure file uses no I/O library',
    ]);
  });

  it('reports a file in no room, an import of test/ and an import of a missing file', () => {
    expect(
      rules({
        'src/renamed/thing.ts': 'export const x = 1;\n',
        'src/cli/demo.ts':
          "import { startPortal } from '../../test/portal/server.js';\nexport const s = startPortal;\n",
        'test/portal/server.ts': 'export const startPortal = 1;\n',
        'src/app/cycle/run.ts': "import { gone } from './gone.js';\nexport const g = gone;\n",
      }),
    ).toEqual([
      'unresolved: src/app/cycle/run.ts imports ./gone.js, which is no file',
      'forbidden: src/cli/demo.ts imports test/portal/server.ts: the product never imports test/',
      'unmapped: src/renamed/thing.ts belongs to no room: add its folder to RULES.rooms in test/architecture/rules.ts',
    ]);
  });
});
