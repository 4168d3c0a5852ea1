/**
 * The layer rules of jianlou, checked over every file of src/ and flows/. Imports are read with
 * TypeScript's own `ts.preProcessFile` (static, type-only, re-exports, `import()` and side-effect
 * imports alike); clock calls with the TypeScript parser. `checkArchitecture(root)` returns every
 * violation as a sentence naming the file, so a test can show all of them at once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** A room: a folder (or file) of the tree at one layer. A file imports its own room and lower layers. */
export interface Room {
  path: string;
  layer: number;
}

/** One deliberate import across the rules, with its reason. */
export interface Exception {
  from: string;
  to: string;
  why: string;
}

export interface Rules {
  /** Folders scanned; every .ts file under them must belong to a room. */
  roots: string[];
  rooms: Room[];
  /** Files that must stay pure: path prefixes, or a regular expression over the relative path. */
  pure: (string | RegExp)[];
  /** Packages a pure file may not import (also the `node:` form of a built-in). */
  impure: string[];
  /** Folders the scanned files may never import. */
  forbidden: string[];
  exceptions: Exception[];
  /** Cycles known and owed a fix, each with its reason; a cycle passes only when all its files are listed. */
  knownCycles: { files: string[]; why: string }[];
}

/**
 * Lowest first: core → (config, store, flow, log, i18n) → (browser, watch, notify, approve, sink, portal,
 * flows) → contract → app → cli. The app (the composition) has rooms of its own on floors 4 to 4.4, in the
 * order of the README's "How it works": the runtime (config, repos, flow, sessions per account) and the
 * flow tools → alerts (the outbox's message lane and the sender) → holds and sessions → the cycle (one
 * check: observe, decide, effects) and the status → the process (daemon, scheduler, lock, housekeeping).
 * A file straight in src/app/ belongs to no room: put it in the room that says what it does.
 */
export const RULES: Rules = {
  roots: ['src', 'flows'],
  rooms: [
    { path: 'src/core', layer: 0 },
    { path: 'src/config', layer: 1 },
    { path: 'src/store', layer: 1 },
    { path: 'src/flow', layer: 1 },
    { path: 'src/log', layer: 1 },
    { path: 'src/i18n', layer: 1 },
    { path: 'src/browser', layer: 2 },
    { path: 'src/watch', layer: 2 },
    { path: 'src/notify', layer: 2 },
    { path: 'src/approve', layer: 2 },
    { path: 'src/sink', layer: 2 },
    { path: 'src/portal', layer: 2 },
    { path: 'flows', layer: 2 },
    { path: 'src/contract', layer: 3 },
    { path: 'src/app/runtime', layer: 4 },
    { path: 'src/app/flow-tools', layer: 4 },
    // `jianlou flow record` (issue 30): the visit's browser I/O beside its pure analysis.
    { path: 'src/record', layer: 4 },
    { path: 'src/app/alerts', layer: 4.1 },
    { path: 'src/app/holds', layer: 4.2 },
    { path: 'src/app/sessions', layer: 4.2 },
    { path: 'src/app/cycle', layer: 4.3 },
    { path: 'src/app/status', layer: 4.3 },
    { path: 'src/app/process', layer: 4.4 },
    { path: 'src/cli', layer: 5 },
  ],
  pure: [
    'src/core/',
    /^src\/watch\/decide[^/]*\.ts$/,
    'src/i18n/',
    // issue 30: the recording's analysis and the flow writer (capture, replay and record.ts do the I/O)
    /^src\/record\/(analyse|login-proof|recipe|scrub|seats-[a-z]+|types|write-[a-z]+)\.ts$/,
  ],
  impure: ['playwright', 'keyv', '@keyv/sqlite', 'pino', 'express', 'fs', 'fs/promises'],
  forbidden: ['test'],
  exceptions: [
    {
      from: 'src/sink',
      to: 'src/notify/wecom-types.ts',
      why: "the fake robot enforces the same WeCom limits the sender keeps: one copy of the API's numbers",
    },
    {
      from: 'src/sink',
      to: 'src/notify/format.ts',
      why: 'the fake group page shows times the way alerts do (zonedParts)',
    },
  ],
  knownCycles: [
    {
      files: ['src/notify/messages.ts', 'src/notify/messages-en.ts', 'src/notify/messages-zh.ts'],
      why: 'issue 12 part C moves all parent-facing text into src/i18n/ and removes this cycle; delete this entry then',
    },
  ],
};

export interface Violation {
  rule: 'unmapped' | 'layer' | 'forbidden' | 'unresolved' | 'cycle' | 'pure-import' | 'clock';
  file: string;
  message: string;
}

const posix = (p: string) => p.split(sep).join('/');

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return tsFiles(p);
      return /\.(c|m)?ts$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
    });
}

function within(rel: string, path: string): boolean {
  return rel === path || rel.startsWith(`${path}/`);
}

export function roomOf(rel: string, rules: Rules = RULES): Room | undefined {
  return rules.rooms.filter((r) => within(rel, r.path)).sort((a, b) => b.path.length - a.path.length)[0];
}

function isPure(rel: string, rules: Rules): boolean {
  return rules.pure.some((p) => (typeof p === 'string' ? rel.startsWith(p) : p.test(rel)));
}

/** `./x.js` → x.ts (or x/index.ts); undefined when no such file exists. */
function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  const stem = base.replace(/\.(c|m)?js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.mts`, `${stem}.cts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** The package a bare specifier names: `@keyv/sqlite/x` → `@keyv/sqlite`, `node:fs/promises` → `fs/promises`. */
function packageOf(spec: string): string {
  const bare = spec.replace(/^node:/, '');
  if (bare === 'fs/promises') return bare;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? bare);
}

/** `Date.now()` and `new Date()` without argument: a pure file gets its time as an argument. */
function clockCalls(source: string, file: string): number[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    const isDate = (e: ts.Expression) => ts.isIdentifier(e) && e.text === 'Date';
    const now =
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      isDate(node.expression.expression) &&
      node.expression.name.text === 'now';
    const bare = ts.isNewExpression(node) && isDate(node.expression) && (node.arguments?.length ?? 0) === 0;
    if (now || bare) lines.push(sf.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return lines;
}

/** One cycle per strongly connected component of the import graph, as a path a → b → … → a, with the component. */
function cycles(graph: Map<string, string[]>): { path: string[]; component: string[] }[] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: { path: string[]; component: string[] }[] = [];
  const strong = (v: string) => {
    order.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, order.get(w) ?? 0));
    }
    if (low.get(v) !== order.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const self = (graph.get(v) ?? []).includes(v);
    if (component.length > 1 || self)
      found.push({ path: cyclePath(graph, new Set(component), v), component });
  };
  for (const v of [...graph.keys()].sort()) if (!order.has(v)) strong(v);
  return found;
}

/** A shortest way from `start` back to itself inside one component (breadth first). */
function cyclePath(graph: Map<string, string[]>, component: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = previous.get(at) as string) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

export function checkArchitecture(root: string, rules: Rules = RULES): Violation[] {
  const violations: Violation[] = [];
  const graph = new Map<string, string[]>();
  const libraries = new Map<string, string[]>();
  const files = rules.roots.flatMap((r) => tsFiles(join(root, r)));
  const rel = (abs: string) => posix(relative(root, abs));
  const excepted = (from: string, to: string) =>
    rules.exceptions.some((e) => within(from, e.from) && within(to, e.to));

  for (const file of files) {
    const from = rel(file);
    const source = readFileSync(file, 'utf8');
    const room = roomOf(from, rules);
    if (!room) {
      violations.push({
        rule: 'unmapped',
        file: from,
        message: `${from} belongs to no room: add its folder to RULES.rooms in test/architecture/rules.ts`,
      });
    }
    const edges: string[] = [];
    const packages: string[] = [];
    for (const { fileName: spec } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!spec.startsWith('.')) {
        packages.push(packageOf(spec));
        continue;
      }
      const target = resolveRelative(file, spec);
      if (!target) {
        violations.push({
          rule: 'unresolved',
          file: from,
          message: `${from} imports ${spec}, which is no file`,
        });
        continue;
      }
      const to = rel(target);
      edges.push(to);
      const banned = rules.forbidden.find((f) => within(to, f));
      if (banned) {
        violations.push({
          rule: 'forbidden',
          file: from,
          message: `${from} imports ${to}: the product never imports ${banned}/`,
        });
        continue;
      }
      const toRoom = roomOf(to, rules);
      if (!room || toRoom === room || excepted(from, to)) continue;
      if (!toRoom) {
        violations.push({
          rule: 'layer',
          file: from,
          message: `${from} imports ${to}, which belongs to no room`,
        });
      } else if (toRoom.layer >= room.layer) {
        violations.push({
          rule: 'layer',
          file: from,
          message: `${from} imports ${to}: ${room.path} (layer ${room.layer}) may import only lower layers, not ${toRoom.path} (layer ${toRoom.layer})`,
        });
      }
    }
    graph.set(from, edges);
    libraries.set(from, packages);

    if (isPure(from, rules)) {
      for (const line of clockCalls(source, from)) {
        violations.push({
          rule: 'clock',
          file: from,
          message: `${from}:${line} reads the clock: a pure file takes the time as an argument`,
        });
      }
    }
  }

  // A pure file may not reach an I/O library, neither itself nor through the files it imports.
  for (const from of [...graph.keys()].filter((f) => isPure(f, rules))) {
    const seen = new Set<string>([from]);
    const queue = [from];
    while (queue.length > 0) {
      const at = queue.shift() as string;
      for (const lib of libraries.get(at) ?? []) {
        if (!rules.impure.includes(lib)) continue;
        const via = at === from ? '' : ` (through ${at})`;
        violations.push({
          rule: 'pure-import',
          file: from,
          message: `${from} imports ${lib}${via}: a pure file uses no I/O library`,
        });
      }
      for (const next of graph.get(at) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }

  for (const { path, component } of cycles(graph)) {
    if (rules.knownCycles.some((k) => component.every((f) => k.files.includes(f)))) continue;
    violations.push({ rule: 'cycle', file: path[0] ?? '', message: `import cycle: ${path.join(' → ')}` });
  }
  return violations;
}
