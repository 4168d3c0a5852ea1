import {
  ActionRefusedError,
  defineFlow,
  type FlowContext,
  type Hold,
  jsonClient,
  LoginRefusedError,
  type Observation,
  SessionExpiredError,
  sessionExpiredMessage,
  z,
} from 'jianlou/flow';

/**
 * The demo portal's spa style (`jianlou portal --style spa`): a bearer token in localStorage, a JSON API on
 * another origin, no cart (a registration pending review holds the seat; no cancelling), dated events.
 */
const optionsSchema = z.strictObject({
  /** The JSON API's address (the web app is portal.baseUrl), e.g. http://127.0.0.1:4174. */
  apiUrl: z.url(),
  /** Per request; the check's deadline caps it. */
  timeoutMs: z.number().int().positive().default(10_000),
});
type Ctx = FlowContext<z.infer<typeof optionsSchema>>;

const event = z.object({
  id: z.string(),
  title: z.string(),
  date: z.iso.date(),
  start: z.string(),
  end: z.string(),
  remaining: z.number().int().min(0),
  status: z.enum(['open', 'full', 'closed']),
});
const registration = z.object({
  id: z.string(),
  eventId: z.string(),
  studentId: z.string(),
  status: z.enum(['pending_review', 'approved', 'rejected']),
  createdAt: z.string(),
});
const events = z.object({ events: z.array(event) });
const registrations = z.object({ registrations: z.array(registration) });
const one = z.object({ registration });

/** The API, with the token the web app keeps in localStorage (`jl_token`) as a bearer header. */
async function api(ctx: Ctx) {
  const token = await ctx.storage.local('jl_token');
  if (!token) throw new SessionExpiredError(sessionExpiredMessage(ctx, `${ctx.baseUrl} (no jl_token)`));
  const { apiUrl, timeoutMs } = ctx.options;
  return jsonClient(ctx, { baseUrl: apiUrl, headers: { Authorization: `Bearer ${token}` }, timeoutMs });
}

async function checkSession(ctx: Ctx): Promise<'ok' | 'expired'> {
  try {
    await (await api(ctx)).get('/api/v1/me', z.object({ account: z.object({ phone: z.string() }) }));
    return 'ok';
  } catch (error) {
    if (error instanceof SessionExpiredError) return 'expired';
    throw error;
  }
}

function toHold(r: z.infer<typeof registration>): Hold {
  return { id: r.id, courseId: r.eventId, studentId: r.studentId, heldAt: r.createdAt, expiresAt: null };
}

async function listHolds(ctx: Ctx): Promise<Hold[]> {
  const answer = await (await api(ctx)).get('/api/v1/registrations', registrations);
  return answer.registrations.filter((r) => r.status === 'pending_review').map(toHold);
}

export default defineFlow({
  name: 'demo-spa',
  optionsSchema,
  holds: { kind: 'registration', expires: false, after: 'review', release: false },
  // Its API answers 401 without the token, so a check needs no separate session probe.
  observeProvesLogin: true,
  checkSession,
  loginUrl: (ctx) => `${ctx.baseUrl}/login`,
  isLoggedIn: async (ctx) => (await checkSession(ctx)) === 'ok',
  async login(ctx, credentials) {
    const page = await ctx.page();
    await page.goto(`${ctx.baseUrl}/login`);
    await page.fill('#phone', credentials.username);
    await page.fill('#password', credentials.password);
    await page.click('#login');
    const refused = page.locator('.form-error:not([hidden])');
    await Promise.race([page.waitForURL((url) => url.pathname !== '/login'), refused.waitFor()]);
    if (new URL(page.url()).pathname !== '/login') return;
    const why = (await refused.textContent())?.trim() || 'no reason given';
    throw new LoginRefusedError(`${ctx.baseUrl} refused the login of "${ctx.accountId}": ${why}`);
  },
  async observe(ctx, courses): Promise<Observation[]> {
    if (courses.length === 0) return [];
    const query = { ids: courses.map((c) => c.id).join(',') };
    const answer = await (await api(ctx)).get('/api/v1/events', events, { query });
    return courses.map((ref): Observation => {
      const url = `${ctx.baseUrl}/events/${encodeURIComponent(ref.id)}`;
      const e = answer.events.find((x) => x.id === ref.id);
      if (!e) return { courseId: ref.id, title: '', seats: null, state: 'not_found', url };
      const weekday = new Date(`${e.date}T00:00:00Z`).getUTCDay() || 7;
      const schedule = { weekday, start: e.start, end: e.end, date: e.date };
      return { courseId: e.id, title: e.title, seats: e.remaining, state: e.status, url, schedule };
    });
  },
  /** Idempotent: the child's pending registration for the event is the hold. */
  async hold(ctx, course, child) {
    const mine = (h: Hold) => h.courseId === course.id && h.studentId === child.studentId;
    const existing = (await listHolds(ctx)).find(mine);
    if (existing) return existing;
    const data = { eventId: course.id, studentId: child.studentId };
    const answer = await (await api(ctx)).request('POST', '/api/v1/registrations', { data });
    if (answer.status === 201 || answer.errorCode === 'duplicate')
      return toHold(answer.parse(one).registration);
    const reason = answer.errorCode === 'full' ? 'no_seats' : (answer.errorCode ?? `http_${answer.status}`);
    throw new ActionRefusedError(`registering ${child.name} for ${course.id} was refused: ${reason}`, reason);
  },
  listHolds,
});
