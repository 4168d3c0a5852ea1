/**
 * Pure: the recipe → the source of flows/<name>.ts, written with the kit (`jianlou/flow` only):
 * jsonClient for a JSON answer (cookie session or a bearer token from localStorage), htmlClient and
 * its table reader for an HTML list. No browser: every step is a request.
 */
import type { Recipe } from './recipe.js';
import { observeJson, observeTable, relativeTo } from './write-observe.js';

const q = (value: unknown) => JSON.stringify(value);

function optionsLines(recipe: Recipe): string[] {
  return [
    'const optionsSchema = z.strictObject({',
    ...(recipe.apiUrl
      ? [
          `  /** The JSON API's address (the web app is portal.baseUrl), e.g. ${recipe.apiUrl}. */`,
          '  apiUrl: z.url(),',
        ]
      : []),
    '  /** Per request; the check’s deadline caps it. */',
    '  timeoutMs: z.number().int().positive().default(10_000),',
    '});',
    'type Ctx = FlowContext<z.infer<typeof optionsSchema>>;',
  ];
}

function clientLines(recipe: Recipe): string[] {
  if (recipe.seats.kind === 'table') {
    return ['const web = (ctx: Ctx) => htmlClient(ctx, { timeoutMs: ctx.options.timeoutMs });'];
  }
  const base = recipe.apiUrl ? 'ctx.options.apiUrl' : 'ctx.baseUrl';
  const signals = recipe.proof.phrase ? `, loggedOut: { text: [${q(recipe.proof.phrase)}] }` : '';
  if (recipe.auth.kind === 'bearer') {
    const key = q(recipe.auth.storageKey);
    return [
      `/** The API, with the token the web app keeps in localStorage (${key}) as a bearer header. */`,
      'async function api(ctx: Ctx) {',
      `  const token = await ctx.storage.local(${key});`,
      `  if (!token) throw new SessionExpiredError(sessionExpiredMessage(ctx, \`\${ctx.baseUrl} (no \${${key}})\`));`,
      `  return jsonClient(ctx, { baseUrl: ${base}, headers: { Authorization: \`Bearer \${token}\` }, timeoutMs: ctx.options.timeoutMs${signals} });`,
      '}',
    ];
  }
  return [
    '/** The API, with the session’s cookies. */',
    `const api = async (ctx: Ctx) => jsonClient(ctx, { baseUrl: ${base}, timeoutMs: ctx.options.timeoutMs${signals} });`,
  ];
}

function sessionLines(recipe: Recipe): string[] {
  const read =
    recipe.seats.kind === 'table' || recipe.proof.format === 'html'
      ? [
          recipe.seats.kind === 'table'
            ? '    await web(ctx).get(SESSION);'
            : '    await htmlClient(ctx, { timeoutMs: ctx.options.timeoutMs }).get(SESSION);',
          "    return 'ok';",
        ]
      : [
          "    const answer = await (await api(ctx)).request('GET', SESSION);",
          "    if (answer.status === 403) return 'expired';",
          '    if (!answer.ok) throw changed(`${answer.label} answered ${answer.status}`);',
          "    return 'ok';",
        ];
  return [
    '/** Read-only: the recorded request that fails without a login (an answer saying "log in" reads as expired). */',
    "async function checkSession(ctx: Ctx): Promise<'ok' | 'expired'> {",
    '  try {',
    ...read,
    '  } catch (error) {',
    "    if (error instanceof SessionExpiredError) return 'expired';",
    '    throw error;',
    '  }',
    '}',
  ];
}

function holdLines(recipe: Recipe): string[] {
  if (!recipe.hold) {
    return [
      '// The visit pressed no "add to cart" / 报名: this flow watches; holds are yours to add (docs/writing-a-flow.md).',
    ];
  }
  const fields = recipe.hold.fields.length > 0 ? ` with the fields ${recipe.hold.fields.join(', ')}` : '';
  return [
    `// "Add to cart" / 报名 sent ${recipe.hold.method} ${relativeTo(recipe.hold.url, recipe.apiUrl ?? recipe.baseUrl)}${fields}.`,
    '// This flow only watches: to let jianlou hold seats, add hold (idempotent) and listHolds with that',
    '// request (docs/writing-a-flow.md), then test them on a TEST account (JIANLOU_TEST_HOLDS).',
  ];
}

function loginUrlLine(recipe: Recipe): string {
  const path = relativeTo(recipe.loginPage, recipe.baseUrl);
  if (/^https?:/.test(path)) return `  loginUrl: () => ${q(path)},`;
  return `  loginUrl: (ctx) => new URL(${q(path)}, ctx.baseUrl).href,`;
}

/** The whole file. */
export function writeFlowSource(recipe: Recipe, recordedAt: string): string {
  const kit =
    recipe.seats.kind === 'table'
      ? [
          'defineFlow',
          'type FlowContext',
          'htmlClient',
          'type Observation',
          'PortalChangedError',
          'SessionExpiredError',
          'z',
        ]
      : [
          'defineFlow',
          'type FlowContext',
          ...(recipe.proof.format === 'html' ? ['htmlClient'] : []),
          'jsonClient',
          'type Observation',
          'PortalChangedError',
          'SessionExpiredError',
          ...(recipe.auth.kind === 'bearer' ? ['sessionExpiredMessage'] : []),
          'z',
        ];
  const base = recipe.apiUrl ?? recipe.baseUrl;
  const observe =
    recipe.seats.kind === 'table'
      ? observeTable(recipe.seats, recipe.baseUrl)
      : observeJson(recipe.seats, base);
  return [
    `import { ${kit.join(', ')} } from 'jianlou/flow';`,
    '',
    `/** Written by \`jianlou flow record\` from one visit to ${recipe.baseUrl} (${recordedAt}). It is yours: edit it. */`,
    ...optionsLines(recipe),
    '',
    `const NAME = ${q(recipe.name)};`,
    `/** The recorded request that proves the login. */`,
    `const SESSION = ${q(relativeTo(recipe.proof.url, recipe.proof.format === 'json' ? base : recipe.baseUrl))};`,
    `/** A course's page on the portal ({id}: the course id). */`,
    `const COURSE_PAGE = ${q(recipe.coursePage)};`,
    'const changed = (what: string) =>',
    '  new PortalChangedError(`${NAME}: ${what} — has the portal changed? (jianlou flow record writes the flow again)`);',
    '',
    ...clientLines(recipe),
    '',
    ...sessionLines(recipe),
    '',
    ...observe.helpers,
    '',
    ...holdLines(recipe),
    'export default defineFlow({',
    '  name: NAME,',
    '  optionsSchema,',
    recipe.proof.seatsNeedLogin
      ? '  observeProvesLogin: true, // the seats request fails without the login'
      : '  observeProvesLogin: false, // the seats are public: each check asks checkSession too',
    '  checkSession,',
    loginUrlLine(recipe),
    "  isLoggedIn: async (ctx) => (await checkSession(ctx)) === 'ok',",
    ...observe.body,
    '});',
    '',
  ].join('\n');
}
