import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseDocument } from 'yaml';
import { writePrivateFile, writeStorageState } from '../browser/launch.js';
import { readOnlyTarget } from '../contract/read-only-target.js';
import { BadInputError } from '../core/errors.js';
import { catalogue } from '../i18n/catalogue.js';
import { type Recorded, type RecordIo, recordFlow, type VisitScript } from '../record/record.js';
import { scrubRecording } from '../record/scrub.js';
import { flowTryCommand } from './flow-try.js';
import { print } from './shared.js';

export interface FlowRecordOptions {
  name?: string;
  course?: string;
  yes?: boolean;
  force?: boolean;
  /** Save the visit (scrubbed of secrets) to this file. */
  saveRecording?: string;
  /** Skip `flow try` at the end. */
  try?: boolean;
}

/** For tests (and scripts): drive the page instead of a person, and answer the questions. */
export interface FlowRecordHooks {
  script?: VisitScript;
  io?: RecordIo;
}

const NAME = /^[a-z][a-z0-9-]{0,40}$/;

function terminalIo(yes: boolean): RecordIo {
  const ask = async (question: string, fallback: string) => {
    if (!process.stdin.isTTY) return fallback;
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return (await rl.question(`${question} `)).trim() || fallback;
    } finally {
      rl.close();
    }
  };
  return {
    say: (line) => print(line),
    ask,
    async confirm(question) {
      if (yes) {
        print(`${question} y`);
        return true;
      }
      if (!process.stdin.isTTY) throw new BadInputError(`${question} — no terminal to answer: add --yes`);
      return /^(y|yes|是|对|好)$/i.test(await ask(`${question} (y/n)`, 'n'));
    },
  };
}

/** portal.flow → the new file, portal.options → what it needs, TODO course ids → the recorded course. */
function updateConfig(configFile: string, flowPath: string, recorded: Recorded): string[] {
  const doc = parseDocument(readFileSync(configFile, 'utf8'));
  doc.setIn(['portal', 'flow'], flowPath);
  if (recorded.recipe.apiUrl)
    doc.setIn(['portal', 'options'], doc.createNode({ apiUrl: recorded.recipe.apiUrl }));
  else doc.deleteIn(['portal', 'options']);
  const notes: string[] = [];
  const targets = doc.getIn(['targets']) as { items?: unknown[] } | undefined;
  const id = recorded.recipe.seats.sample.id;
  const first = targets?.items?.[0] ? ['targets', 0, 'courses'] : undefined;
  const courses = first ? (doc.getIn(first) as { toJSON(): unknown[] } | undefined)?.toJSON() : undefined;
  if (first && (!courses || courses.length === 0 || courses.some((c) => String(c).startsWith('TODO')))) {
    doc.setIn(first, doc.createNode([id], { flow: true }));
  } else notes.push(`course id of "${recorded.recipe.seats.sample.title}": ${id} (put it in targets)`);
  writeFileSync(configFile, doc.toString());
  return notes;
}

/** `jianlou flow record <account>`: one guided visit → flows/<name>.ts, the config pointed at it, `flow try`. */
export async function flowRecordCommand(
  configFile: string,
  accountId: string,
  opts: FlowRecordOptions,
  hooks: FlowRecordHooks = {},
): Promise<void> {
  if (!existsSync(configFile)) {
    throw new BadInputError(
      `${configFile} not found — run jianlou flow record in the family's folder (made by jianlou init), or pass --config`,
    );
  }
  const target = readOnlyTarget({ config: configFile, account: accountId });
  if (!target.baseUrl || target.notReady.some((n) => n.includes('portal.baseUrl'))) {
    throw new BadInputError(
      `portal.baseUrl in ${target.configFile} is not filled in: put the portal's address there first`,
    );
  }
  if (target.notReady.some((n) => n.startsWith('no account'))) {
    throw new BadInputError(
      `no account "${accountId}" in ${target.configFile}: add it under accounts, then record again`,
    );
  }
  const name =
    opts.name ?? `recorded-${new URL(target.baseUrl).hostname.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  if (!NAME.test(name)) throw new BadInputError(`--name "${name}": use lower-case letters, digits and -`);
  const dir = dirname(target.configFile);
  const flowFile = join(dir, 'flows', `${name}.ts`);
  if (existsSync(flowFile) && !opts.force) {
    throw new BadInputError(`${flowFile} exists: pick another --name, or add --force to write over it`);
  }
  const raw = parseDocument(readFileSync(target.configFile, 'utf8')).toJSON() as { locale?: unknown } | null;
  const texts = catalogue(raw?.locale === 'en' ? 'en' : 'zh').cli.record;
  const io = hooks.io ?? terminalIo(opts.yes === true);

  const recorded = await recordFlow({
    baseUrl: target.baseUrl,
    accountId,
    name,
    ...(opts.course ? { title: opts.course } : {}),
    ...(hooks.script ? { script: hooks.script } : {}),
    io,
    texts,
  });

  mkdirSync(dirname(flowFile), { recursive: true });
  writeFileSync(flowFile, recorded.source);
  const notes = updateConfig(target.configFile, `./${relative(dir, flowFile)}`, recorded);
  io.say(
    texts.wrote(relative(process.cwd(), flowFile) || flowFile, relative(process.cwd(), target.configFile)),
  );
  for (const note of notes) io.say(note);
  await writeStorageState(recorded.storageState, target.storageState);
  io.say(texts.sessionSaved(target.storageState));
  if (opts.saveRecording) {
    await writePrivateFile(
      opts.saveRecording,
      `${JSON.stringify(scrubRecording(recorded.facts), null, 2)}\n`,
    );
    io.say(texts.recordingSaved(opts.saveRecording));
  }
  if (opts.try === false) return;
  io.say(texts.trying);
  await flowTryCommand(target.configFile, { account: accountId, timeout: 60 });
}
