/**
 * `jianlou flow record`, the run: opens the portal in Chromium (a window; headless under a script in
 * tests), records the guided visit, finds the seats, the login proof, the "full" look and the hold,
 * asks the person to confirm the seats in plain words, and returns the flow's source with what to
 * save. Writing files and `flow try` are the CLI's (src/cli/flow-record.ts).
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import type { DeviceName } from '../browser/devices.js';
import { launchBrowser, newContext, type StorageState } from '../browser/launch.js';
import { BadInputError } from '../core/errors.js';
import type { RecordMessages } from '../i18n/record-text.js';
import { authOf, courseClue, exchangeOf, findSeats, holdOf, pagesOf } from './analyse.js';
import { startRecorder } from './capture.js';
import { loggedOutWhy, proofCandidates } from './login-proof.js';
import type { LoginProof, Recipe, SeatsSource } from './recipe.js';
import { replayWithoutSession } from './replay.js';
import { parseJson } from './seats-json.js';
import { STEPS, type StepName, type VisitFacts } from './types.js';
import { writeFlowSource } from './write-flow.js';

/** What a script (tests) gets: the page, and a call to say which guided step starts now. */
export interface Visit {
  page: Page;
  context: BrowserContext;
  baseUrl: string;
  step(name: StepName): Promise<void>;
}
export type VisitScript = (visit: Visit) => Promise<void>;

export interface RecordIo {
  say(line: string): void;
  /** A yes/no question; `--yes` answers yes. */
  confirm(question: string): Promise<boolean>;
  /** A line of text (Enter = fallback). */
  ask(question: string, fallback: string): Promise<string>;
}

export interface RecordRun {
  baseUrl: string;
  accountId: string;
  name: string;
  /** The course's title, when the person gave it (`--course`). */
  title?: string;
  /** Tests: drive the page instead of a person (headless). */
  script?: VisitScript;
  headless?: boolean;
  device?: DeviceName;
  io: RecordIo;
  texts: RecordMessages;
  launch?: (headless: boolean) => Promise<Browser>;
}

export interface Recorded {
  recipe: Recipe;
  source: string;
  facts: VisitFacts;
  storageState: StorageState;
}

async function visit(run: RecordRun): Promise<{ facts: VisitFacts; storageState: StorageState }> {
  const headless = run.headless ?? run.script !== undefined;
  const browser = await (run.launch ?? ((h) => launchBrowser({ headless: h })))(headless);
  try {
    const context = await newContext(browser, {
      baseURL: run.baseUrl,
      ...(headless ? {} : { viewport: null }),
      ...(run.device ? { device: run.device } : {}),
    });
    const recorder = await startRecorder(context);
    const page = await context.newPage();
    const endStep = async () => {
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
      await recorder.settle();
      const text =
        recorder.step === 'course'
          ? // biome-ignore lint/performance/useDomNodeTextContent: the text as the person saw it (no scripts, no hidden parts)
            await page.innerText('body').catch(() => undefined)
          : undefined;
      recorder.endStep(page.url(), text);
    };
    run.io.say(run.texts.intro(run.accountId, run.baseUrl));
    await page.goto(run.baseUrl);
    if (run.script) {
      await run.script({
        page,
        context,
        baseUrl: run.baseUrl,
        step: async (name) => {
          await endStep();
          recorder.step = name;
        },
      });
    } else {
      for (const step of STEPS) {
        recorder.step = step;
        run.io.say(run.texts.steps[step]);
        await run.io.ask(run.texts.enter, '');
        await endStep();
      }
    }
    await endStep();
    const facts = await recorder.finish(context);
    const storageState = await context.storageState();
    await context.close();
    return { facts, storageState };
  } finally {
    await browser.close();
  }
}

function describeSeats(s: SeatsSource): { label: string; value: string; where: string } {
  const path = new URL(s.url.replace('{id}', s.sample.id)).pathname;
  if (s.kind === 'json') return { label: s.seatsKey, value: String(s.sample.seats), where: `GET ${path}` };
  return { label: s.seatsColumn, value: s.sample.cell, where: `${path} ${s.table}` };
}

async function chooseSeats(run: RecordRun, all: SeatsSource[], title: string): Promise<SeatsSource> {
  for (const candidate of all) {
    const { label, value, where } = describeSeats(candidate);
    if (await run.io.confirm(run.texts.seatsQuestion(title, label, value, where))) return candidate;
  }
  throw new BadInputError(run.texts.nothingFound(title));
}

/** The phrase of a "says …" verdict on a 200 answer: the kit's clients read 401s and redirects themselves. */
function phraseOf(why: string): { phrase?: string } {
  const said = /^says "(.+)"$/.exec(why)?.[1];
  return said ? { phrase: said } : {};
}

/** The GET that fails without the session (not the seats one when another does), and whether the seats one does. */
async function findProof(
  facts: VisitFacts,
  seats: SeatsSource,
  origins: string[],
): Promise<LoginProof | undefined> {
  const seatsUrl = seats.url.replace('{id}', encodeURIComponent(seats.sample.id));
  const candidates = proofCandidates(facts.exchanges, origins);
  const replayed = await replayWithoutSession([seatsUrl, ...candidates.map((c) => c.url)]);
  const why = async (url: string) => {
    const answer = replayed.get(url);
    return answer ? loggedOutWhy(answer) : undefined;
  };
  const seatsNeedLogin = (await why(seatsUrl)) !== undefined;
  for (const c of [
    ...candidates.filter((c) => c.url !== seatsUrl),
    ...candidates.filter((c) => c.url === seatsUrl),
  ]) {
    const reason = await why(c.url);
    if (reason)
      return {
        url: c.url,
        format: parseJson(c) === undefined ? 'html' : 'json',
        seatsNeedLogin,
        why: reason,
        ...phraseOf(reason),
      };
  }
  return undefined;
}

export async function recordFlow(run: RecordRun): Promise<Recorded> {
  const { facts, storageState } = await visit(run);
  const found = courseClue(facts, run.title);
  const title =
    run.title ??
    (run.script ? found.title : await run.io.ask(run.texts.whichCourse(found.title), found.title));
  if (!title.trim()) throw new BadInputError(run.texts.noTitle);
  const clue = { ...found, title: title.trim() };
  const candidates = await findSeats(facts, clue);
  if (candidates.length === 0) throw new BadInputError(run.texts.nothingFound(clue.title));
  const seats = await chooseSeats(run, candidates, clue.title);
  const words = seats.words.full;
  run.io.say(words.length > 0 ? run.texts.fullLook(words) : run.texts.fullByZero);

  const auth = authOf(facts, exchangeOf(facts, seats));
  if ('error' in auth) throw new BadInputError(`${auth.error} — record again, logged in`);
  const pages = pagesOf(facts, seats, run.baseUrl);
  const origins = [new URL(run.baseUrl).origin, ...(pages.apiUrl ? [pages.apiUrl] : [])];
  const proof = await findProof(facts, seats, origins);
  if (!proof) throw new BadInputError(run.texts.noProof);
  run.io.say(run.texts.proof(`GET ${new URL(proof.url).pathname}`, proof.why));
  const hold = holdOf(facts);
  run.io.say(hold ? run.texts.hold(`${hold.method} ${new URL(hold.url).pathname}`) : run.texts.noHold);

  const recipe: Recipe = {
    name: run.name,
    baseUrl: run.baseUrl,
    ...(pages.apiUrl ? { apiUrl: pages.apiUrl } : {}),
    auth,
    seats,
    proof,
    coursePage: pages.coursePage,
    loginPage: pages.loginPage,
    ...(hold ? { hold } : {}),
  };
  const source = writeFlowSource(recipe, new Date().toISOString().slice(0, 10));
  return { recipe, source, facts, storageState };
}
