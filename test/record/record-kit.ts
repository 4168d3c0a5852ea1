import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { type FlowRecordOptions, flowRecordCommand } from '../../src/cli/flow-record.js';
import type { RecordIo, VisitScript } from '../../src/record/record.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The demo account (DESIGN.md): the recording must never keep its password or its session. */
export const DEMO = { phone: '13800000000', password: 'demo1234', captcha: '8888' };

/** A family folder as `jianlou init` leaves it: a config with the portal's address and a TODO course. */
export function familyFolder(baseUrl: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-record-'));
  const config = join(dir, 'jianlou.yaml');
  writeFileSync(
    config,
    [
      'timezone: Asia/Shanghai',
      'store: sqlite://./data/jianlou.sqlite',
      `portal: { flow: ./flows/my-portal.ts, baseUrl: "${baseUrl}" }`,
      'accounts:',
      '  - id: mom',
      '    storageState: storage-state/mom.json',
      'children:',
      '  - { id: sister, name: 姐姐, account: mom, studentId: S001 }',
      'targets:',
      '  - { child: sister, courses: ["TODO-course-id"] }',
      'notify: { wecom: { webhook: "http://127.0.0.1:9/cgi-bin/webhook/send?key=unused" } }',
      'approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "0123456789abcdef0123456789abcdef" }',
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'jianlou'));
  return { dir, config };
}

/** Answers every question yes (as --yes does) and keeps what was said. */
export function yesIo(): RecordIo & { said: string[] } {
  const said: string[] = [];
  return {
    said,
    say: (line) => said.push(line),
    ask: async (_q, fallback) => fallback,
    async confirm(question) {
      said.push(`${question} y`);
      return true;
    },
  };
}

export interface RecordedRun {
  said: string[];
  stdout: string;
  exitCode: number | undefined;
}

/** `jianlou flow record mom --yes` with a script driving the page; flow try's output captured. */
export async function recordWith(
  config: string,
  script: VisitScript,
  opts: FlowRecordOptions = {},
): Promise<RecordedRun> {
  const io = yesIo();
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  let exitCode: number | undefined;
  try {
    await flowRecordCommand(config, 'mom', { name: 'recorded', yes: true, ...opts }, { script, io });
    exitCode = 0;
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    if (code === undefined) throw error;
    exitCode = code;
  } finally {
    spy.mockRestore();
  }
  return { said: io.said, stdout: out.join(''), exitCode };
}

/** Every file under dir (node_modules left out) whose text holds one of the values. */
export function filesHolding(dir: string, values: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === 'storage-state') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p, 'utf8');
        for (const v of values) if (v && text.includes(v)) hits.push(`${p}: ${v.slice(0, 6)}…`);
      }
    }
  };
  walk(dir);
  return hits;
}
