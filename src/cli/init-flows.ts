/**
 * The flow skeletons `jianlou init` writes (`--template json|html`): written with the kit of
 * `jianlou/flow` (jsonClient or htmlClient, z, checkShape), so a failed read throws the kit's typed
 * errors and never reads as "full". Both must typecheck against the packed package
 * (test/package/install.test.ts runs the folder's own `npm run typecheck`).
 */

export type FlowTemplate = 'json' | 'html';
export const FLOW_TEMPLATES: readonly FlowTemplate[] = ['json', 'html'];

const HEADER = `/**
 * Our portal's flow: how jianlou reads seats on it. Fill in the TODOs, then try it with
 *   npx jianlou login mom        (log in by hand once; the session is saved in storage-state/)
 *   npm run try                  (checkSession + observe once against the portal, read-only)
 *   npm test                     (the contract suite's read-only checks against the portal)
 * A failed read must throw one of the kit's typed errors, never report a course as full.
 */`;

export const JSON_FLOW = `${HEADER}
import {
  checkShape,
  defineFlow,
  type FlowContext,
  jsonClient,
  type Observation,
  SessionExpiredError,
  unexpectedAnswer,
  z,
} from 'jianlou/flow';

// portal.options in jianlou.yaml, checked when the config loads.
const optionsSchema = z.strictObject({ timeoutMs: z.number().int().positive().default(10_000) });
type Ctx = FlowContext<z.infer<typeof optionsSchema>>;

// The kit reads 401, a redirect to the login page and "请先登录" as SessionExpiredError, 5xx and
// timeouts as PortalUnavailableError, 429 as RateLimitedError, a non-JSON 2xx as PortalChangedError.
const api = (ctx: Ctx) => jsonClient(ctx, { timeoutMs: ctx.options.timeoutMs });

// TODO: the answer of the portal's JSON endpoint for one course (see the browser's dev tools).
const courseAnswer = z.object({
  course: z.object({ title: z.string(), seatsLeft: z.number().int().min(0), status: z.string() }),
});

// TODO: a read-only request that only works when logged in.
async function checkSession(ctx: Ctx): Promise<'ok' | 'expired'> {
  try {
    await api(ctx).get('/api/session', z.unknown());
    return 'ok';
  } catch (error) {
    if (error instanceof SessionExpiredError) return 'expired';
    throw error;
  }
}

export default defineFlow({
  name: 'my-portal',
  optionsSchema,
  // Say true when observe itself throws SessionExpiredError when logged out (the seats are not public):
  // each check then skips the checkSession request.
  observeProvesLogin: false,
  checkSession,
  // TODO: the page a person logs in on.
  loginUrl: (ctx) => \`\${ctx.baseUrl}/login\`,
  isLoggedIn: async (ctx) => (await checkSession(ctx)) === 'ok',

  // Exactly one Observation per requested course, in order.
  async observe(ctx, courses): Promise<Observation[]> {
    const seen: Observation[] = [];
    for (const course of courses) {
      const url = \`\${ctx.baseUrl}/courses/\${encodeURIComponent(course.id)}\`;
      // TODO: the endpoint's path. A 404 is "no such course"; any other answer must have the shape.
      const answer = await api(ctx).request('GET', \`/api/courses/\${encodeURIComponent(course.id)}\`);
      if (answer.status === 404) {
        seen.push({ courseId: course.id, title: '', seats: null, state: 'not_found', url });
        continue;
      }
      if (!answer.ok) throw unexpectedAnswer(answer);
      const { title, seatsLeft, status } = checkShape(courseAnswer, answer.body, \`course \${course.id}\`).course;
      // TODO: the portal's words for "closed to registration".
      const state = status === 'closed' ? 'closed' : seatsLeft > 0 ? 'open' : 'full';
      seen.push({ courseId: course.id, title, seats: state === 'closed' ? null : seatsLeft, state, url });
    }
    return seen;
  },
});
`;

export const HTML_FLOW = `${HEADER}
import {
  defineFlow,
  type FlowContext,
  htmlClient,
  type Observation,
  PortalChangedError,
  SessionExpiredError,
  z,
} from 'jianlou/flow';

// portal.options in jianlou.yaml, checked when the config loads.
const optionsSchema = z.strictObject({ timeoutMs: z.number().int().positive().default(10_000) });
type Ctx = FlowContext<z.infer<typeof optionsSchema>>;

// The kit's HTML reader decodes GBK/GB18030 pages as browsers do, and reads a redirect to the login
// page or an alert such as "登录超时" as SessionExpiredError, "系统繁忙" and 5xx as PortalUnavailableError.
const web = (ctx: Ctx) => htmlClient(ctx, { timeoutMs: ctx.options.timeoutMs });
const changed = (what: string) => new PortalChangedError(\`my-portal: \${what} — has the portal changed?\`);

// TODO: a page that only shows when logged in (my account, my orders …) and what proves it.
async function checkSession(ctx: Ctx): Promise<'ok' | 'expired'> {
  try {
    const page = await web(ctx).get('/my/account');
    return page.has('.logout') ? 'ok' : 'expired';
  } catch (error) {
    if (error instanceof SessionExpiredError) return 'expired';
    throw error;
  }
}

/** TODO: the seats cell as the portal writes it, e.g. 剩余名额：3 / 已满 / 报名已结束. */
function seatsOf(cell: string): Pick<Observation, 'seats' | 'state'> {
  const left = /(\\d+)/.exec(cell);
  if (/已满/.test(cell)) return { seats: 0, state: 'full' };
  if (/结束|截止|停止/.test(cell)) return { seats: null, state: 'closed' };
  if (left) return { seats: Number(left[1]), state: Number(left[1]) > 0 ? 'open' : 'full' };
  throw changed(\`the seats cell says "\${cell.slice(0, 20)}"\`);
}

export default defineFlow({
  name: 'my-portal',
  optionsSchema,
  observeProvesLogin: false,
  checkSession,
  // TODO: the page a person logs in on.
  loginUrl: (ctx) => \`\${ctx.baseUrl}/login\`,
  isLoggedIn: async (ctx) => (await checkSession(ctx)) === 'ok',

  // Exactly one Observation per requested course, in order: one read of the course list for all.
  async observe(ctx, courses): Promise<Observation[]> {
    if (courses.length === 0) return [];
    // TODO: the course list page and its table; the columns are read by their header text.
    const rows = (await web(ctx).get('/courses')).table('table').records;
    if (rows.some((row) => !row.课程编号 || !('名额' in row))) throw changed('other columns in the course list');
    return courses.map((course): Observation => {
      const url = \`\${ctx.baseUrl}/courses/\${encodeURIComponent(course.id)}\`;
      const row = rows.find((r) => r.课程编号 === course.id);
      if (!row) return { courseId: course.id, title: '', seats: null, state: 'not_found', url };
      return { courseId: course.id, title: \`\${row.课程名称 ?? course.id}\`, url, ...seatsOf(\`\${row.名额}\`) };
    });
  },
});
`;

/** The flow skeleton for a template. */
export function flowSkeleton(template: FlowTemplate): string {
  return template === 'html' ? HTML_FLOW : JSON_FLOW;
}
