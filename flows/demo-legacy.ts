import {
  ActionRefusedError,
  CaptchaRequiredError,
  defineFlow,
  type FlowContext,
  type Hold,
  type HtmlDocument,
  htmlClient,
  LoginRefusedError,
  type Observation,
  type Order,
  PortalChangedError,
  SessionExpiredError,
  z,
} from 'jianlou/flow';

/** The demo portal's legacy style (`jianlou portal --style legacy`) read without a browser: GBK pages, form tokens,
 * alert scripts, SMS login, and 预报名 — an unpaid order the portal cancels at its deadline (paid in the app). */
const optionsSchema = z.strictObject({ timeoutMs: z.number().int().positive().default(10_000) });
type Ctx = FlowContext<z.infer<typeof optionsSchema>>;

// Logged out is `alert('登录超时…');location.href='/xk/login.jsp'`; "系统繁忙" means down: the kit's defaults.
const web = (ctx: Ctx) => htmlClient(ctx, { timeoutMs: ctx.options.timeoutMs });
const detailUrl = (ctx: Ctx, id: string) => `${ctx.baseUrl}/xk/kcxx.jsp?kcid=${encodeURIComponent(id)}`;
const changed = (what: string) => new PortalChangedError(`demo-legacy: ${what} — has the portal changed?`);

/** The 名额 cell: `剩余名额：3`, `已满`, `报名已结束` or `摇号中`; anything else is a redesign. */
function seatsOf(cell: string): Pick<Observation, 'seats' | 'state' | 'phase'> {
  const left = /^剩余名额：(\d+)$/.exec(cell);
  if (left) return { seats: Number(left[1]), state: Number(left[1]) > 0 ? 'open' : 'full', phase: 'open' };
  if (cell === '已满') return { seats: 0, state: 'full', phase: 'open' };
  if (cell === '报名已结束') return { seats: null, state: 'closed', phase: 'closed' };
  if (cell === '摇号中') return { seats: null, state: 'closed', phase: 'lottery' };
  throw changed(`the seats cell says "${cell.slice(0, 20)}"`);
}

/** `2027年1月20日—1月26日` + `每天 09:00-11:00` / `每周六 09:00-10:30` / `09:00-11:30` (one day). */
function scheduleOf(dates: string, times: string): Observation['schedule'] {
  const d = /^(\d{4})年(\d+)月(\d+)日(?:—(?:(\d{4})年)?(\d+)月(\d+)日)?/.exec(dates);
  const t = /^(?:每(天|周([一二三四五六日])) )?(\d\d:\d\d)-(\d\d:\d\d)$/.exec(times);
  if (!d?.[1] || !t?.[3] || !t[4]) return undefined;
  const day = (y: string, m = '', n = '') => `${y}-${m.padStart(2, '0')}-${n.padStart(2, '0')}`;
  const hours = { start: t[3], end: t[4] };
  if (!d[5]) return { ...hours, date: day(d[1], d[2], d[3]) };
  const span = { from: day(d[1], d[2], d[3]), until: day(d[4] ?? d[1], d[5], d[6]) };
  return t[2] ? { ...hours, weekday: '一二三四五六日'.indexOf(t[2]) + 1, ...span } : { ...hours, ...span };
}

/** Every course of the public list: page 1 says how many pages there are; the rest are read at once. */
async function catalogue(ctx: Ctx): Promise<Record<string, string>[]> {
  const first = await web(ctx).get('/xk/kclist.jsp?page=1');
  const pages = Number(/第 1\/(\d+) 页/.exec(first.text())?.[1] ?? '1');
  const rest = await Promise.all(
    Array.from({ length: pages - 1 }, (_, i) => web(ctx).get(`/xk/kclist.jsp?page=${i + 2}`)),
  );
  const rows = [first, ...rest].flatMap((page) => page.table('#kclist').records);
  if (rows.some((r) => !r.课程编号 || !('名额' in r))) throw changed('other columns in the course list');
  return rows;
}

/** Beijing time as the portal prints it (`2027-01-20 14:05:09`) → ISO. */
const instant = (text = '') => new Date(`${text.replace(' ', 'T')}+08:00`).toISOString();

/** 我的订单, every row: 已取消 (by the parent, or 超时未缴费 at the deadline) is cancelled. */
async function listOrders(ctx: Ctx): Promise<(Order & { deadline: string })[]> {
  return (await web(ctx).get('/xk/wddd.jsp')).table('#ddlist').records.map((r) => {
    const ids = { id: `${r.订单号}`, courseId: `${r.课程编号}`, studentId: `${r.学员编号}` };
    const status = r.状态 === '待缴费' ? 'pending_payment' : r.状态 === '已缴费' ? 'paid' : 'cancelled';
    return { ...ids, status, createdAt: instant(r.预报名时间), deadline: `${r.缴费截止}` };
  });
}

/** The unpaid orders: held until the deadline the portal cancels them at. */
async function listHolds(ctx: Ctx): Promise<Hold[]> {
  const unpaid = (await listOrders(ctx)).filter((o) => o.status === 'pending_payment');
  return unpaid.map((o) => ({ ...o, heldAt: o.createdAt, expiresAt: instant(o.deadline) }));
}

async function checkSession(ctx: Ctx): Promise<'ok' | 'expired'> {
  try {
    return (await web(ctx).get('/xk/index.jsp')).has('#yhm') ? 'ok' : 'expired';
  } catch (error) {
    if (error instanceof SessionExpiredError) return 'expired';
    throw error;
  }
}

const REFUSED = { 名额已满: 'no_seats', 最多报名: 'cart_full', 不在报名时间: 'not_open' };
const refused = (course: string, said: string) => {
  const reason = Object.entries(REFUSED).find(([text]) => said.includes(text))?.[1] ?? said;
  return new ActionRefusedError(`pre-registering ${course} was refused: ${said}`, reason);
};

export default defineFlow({
  name: 'demo-legacy',
  optionsSchema,
  // 预报名 is an unpaid order: the portal cancels it at its deadline; approving means "pay in the app".
  holds: { kind: 'registration', expires: true, after: 'payment', release: true },
  observeProvesLogin: false, // a public catalogue: each cycle asks checkSession too
  checkSession,
  loginUrl: (ctx) => `${ctx.baseUrl}/xk/login.jsp`,
  isLoggedIn: async (ctx) => (await checkSession(ctx)) === 'ok',
  /** Requests only: the login form (captcha from the credentials), then the SMS step (test mode shows the code). */
  async login(ctx, credentials) {
    const form = await web(ctx).get('/xk/login.jsp', { loginPage: true });
    if (!form.has('form[name=loginForm]')) return;
    const values = { sjhm: credentials.username, mm: credentials.password, yzm: credentials.captcha ?? '' };
    const sms = await web(ctx).submit(form.form('form[name=loginForm]'), values, { loginPage: true });
    const no = (p: HtmlDocument) => new LoginRefusedError(`login refused: ${p.alerts[0] ?? p.title}`);
    if (!sms.has('form[name=smsForm]')) throw no(sms);
    const code = sms.first('#test-sms b')?.text();
    if (!code) throw new CaptchaRequiredError(`SMS code needed: jianlou login ${ctx.accountId}`);
    const home = await web(ctx).submit(sms.form('form[name=smsForm]'), { dxyzm: code }, { loginPage: true });
    if (!home.has('#yhm')) throw no(home);
  },
  async observe(ctx, courses): Promise<Observation[]> {
    if (courses.length === 0) return [];
    const rows = new Map((await catalogue(ctx)).map((r) => [r.课程编号, r]));
    return courses.map((ref): Observation => {
      const url = detailUrl(ctx, ref.id);
      const r = rows.get(ref.id);
      if (!r) return { courseId: ref.id, title: '', seats: null, state: 'not_found', url };
      const schedule = scheduleOf(r.上课日期 ?? '', r.上课时间 ?? '');
      const fee = Number(r.收费?.replace('￥', ''));
      const extra = { campus: `${r.上课地点}`, ...(schedule && { schedule }), ...(fee >= 0 && { fee }) };
      return { courseId: ref.id, title: `${r.课程名称}`, url, ...seatsOf(`${r.名额}`), ...extra };
    });
  },
  /** Idempotent: the child's unpaid order for the course is the hold; a new one is proven by re-reading the orders. */
  async hold(ctx, course, child) {
    const mine = (h: Hold) => h.courseId === course.id && h.studentId === child.studentId;
    const existing = (await listHolds(ctx)).find(mine);
    if (existing) return existing;
    const page = await web(ctx).get(detailUrl(ctx, course.id));
    if (page.alerts[0]) throw refused(course.id, page.alerts[0]);
    if (!page.has('form[name=ybmForm]')) throw refused(course.id, '该课程当前不在报名时间内');
    const answer = await web(ctx).submit(page.form('form[name=ybmForm]'), { xsid: child.studentId ?? '' });
    if (answer.alerts[0] && !/已预报名/.test(answer.alerts[0])) throw refused(course.id, answer.alerts[0]);
    const held = (await listHolds(ctx)).find(mine);
    if (!held) throw changed(`pre-registered ${course.id}, but the orders do not list it`);
    return held;
  },
  listHolds,
  listOrders,
  /** Cancels the unpaid order (取消); one already cancelled by the portal or paid is left as it is. */
  async release(ctx, held) {
    const form = (await web(ctx).get('/xk/wddd.jsp')).forms().find((f) => f.fields.ddbh === held.id);
    if (form) await web(ctx).submit(form);
  },
});
