/**
 * The files `jianlou init` writes into a family's folder. Plain templates: the flow skeleton must
 * typecheck against `jianlou/flow` (test/cli/init.test.ts runs tsc on it against the built package).
 */

/** The placeholder portal address; `.example` is reserved (RFC 2606), so doctor can flag it. */
export const PLACEHOLDER_BASE_URL = 'https://your-portal.example';

/** True for an address on a reserved `.example` host: one `jianlou init` wrote, not filled in yet. */
export function isPlaceholderUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'example' || host.endsWith('.example');
  } catch {
    return false;
  }
}

export function packageJson(name: string, jianlouSpec: string): string {
  const pkg = {
    name,
    private: true,
    type: 'module',
    description: 'Our jianlou setup: watches the course portal for freed seats',
    scripts: {
      check: 'jianlou check --dry-run',
      watch: 'jianlou watch',
      doctor: 'jianlou doctor',
    },
    dependencies: { jianlou: jianlouSpec },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function configYaml(baseUrl: string): string {
  const placeholder = baseUrl === PLACEHOLDER_BASE_URL;
  return `# jianlou config for our family. Secrets come from the environment: \${NAME} (or \${NAME:-default}),
# e.g. from a .env file you load yourself (it is git-ignored). Check it with: npx jianlou doctor
timezone: Asia/Shanghai
locale: zh                      # zh | en — language of alerts and approval pages
store: sqlite://./data/jianlou.sqlite

# The portal: our own flow file (flows/my-portal.ts) and the portal's address.${placeholder ? '\n# TODO: replace the placeholder address with the portal you log in to (doctor flags it until then).' : ''}
portal: { flow: ./flows/my-portal.ts, baseUrl: ${baseUrl} }

# One entry per portal login; save its session with: npx jianlou login mom
accounts:
  - id: mom
    storageState: storage-state/mom.json

# The children, each registered under an account; studentId is the portal's id for the child.
children:
  - { id: child1, name: 孩子, account: mom, studentId: "TODO-student-id" }

# What to watch: one child, courses in order of preference (any one of them will do).
# autoHold: true puts a freed seat in the cart at once (only if the flow has hold/listHolds).
targets:
  - { child: child1, courses: ["TODO-course-id"] }

# When to check (cron in the timezone above) and a random delay so checks do not look robotic.
# Every minute finds a freed seat in about 30 s on average; add schedule.surges for known bursts.
schedule: { cron: "* 7-22 * * *", jitterSeconds: 20 }

# The WeCom group robot: its webhook URL with the key, from the environment.
notify:
  wecom: { webhook: "\${WECOM_WEBHOOK}" }

# The approval links in alerts: where jianlou listens, the address phones reach it by, a long secret.
approval: { listen: "127.0.0.1:8787", publicUrl: "http://127.0.0.1:8787", secret: "\${JIANLOU_SECRET}" }
`;
}

export const FLOW_SKELETON = `/**
 * Our portal's flow: how jianlou reads seats on it. Fill in the TODOs, then try it with
 *   npx jianlou login mom        (log in by hand once; the session is saved in storage-state/)
 *   npx jianlou check --dry-run  (one check: prints what it saw, sends nothing)
 * A failed read must throw one of the typed errors below, never report a course as full.
 */
import {
  type CourseRef,
  defineFlow,
  type FlowContext,
  type Observation,
  PortalChangedError,
  PortalUnavailableError,
  SessionExpiredError,
} from 'jianlou/flow';

// TODO: the portal's JSON endpoint for one course, as its own pages call it (see the browser's dev tools).
const coursePath = (id: string) => \`/api/courses/\${encodeURIComponent(id)}\`;

async function getJson(ctx: FlowContext, path: string): Promise<unknown> {
  const url = \`\${ctx.baseUrl}\${path}\`;
  const response = await ctx.request.get(url, { failOnStatusCode: false });
  if (response.status() === 401 || response.status() === 403) {
    throw new SessionExpiredError(\`session for account "\${ctx.accountId}" expired at \${url} — run: npx jianlou login \${ctx.accountId}\`);
  }
  if (response.status() >= 500) throw new PortalUnavailableError(\`\${url} answered \${response.status()}\`);
  if (!response.ok()) throw new PortalChangedError(\`\${url} answered \${response.status()}\`);
  return response.json();
}

// TODO: a read-only request that only works when logged in.
async function loggedIn(ctx: FlowContext): Promise<boolean> {
  const response = await ctx.request.get(\`\${ctx.baseUrl}/api/session\`, { failOnStatusCode: false });
  return response.ok();
}

export default defineFlow({
  name: 'my-portal',
  // Every check also asks checkSession, unless observe itself fails with SessionExpiredError when
  // logged out (the seats are not public): then say so and save that request.
  // observeProvesLogin: true,
  checkSession: async (ctx) => ((await loggedIn(ctx)) ? 'ok' : 'expired'),
  // TODO: the page a person logs in on.
  loginUrl: (ctx) => \`\${ctx.baseUrl}/login\`,
  isLoggedIn: loggedIn,

  // Exactly one Observation per requested course, in order.
  async observe(ctx, courses: CourseRef[]): Promise<Observation[]> {
    const seen: Observation[] = [];
    for (const course of courses) {
      const body = (await getJson(ctx, coursePath(course.id))) as Record<string, unknown>;
      // TODO: the field names this portal uses.
      const seats = body.seatsLeft;
      if (typeof seats !== 'number') {
        throw new PortalChangedError(\`course \${course.id}: the answer has no number "seatsLeft" — update flows/my-portal.ts\`);
      }
      seen.push({
        courseId: course.id,
        title: typeof body.title === 'string' ? body.title : course.id,
        seats,
        state: seats > 0 ? 'open' : 'full',
        url: \`\${ctx.baseUrl}/courses/\${encodeURIComponent(course.id)}\`,
      });
    }
    return seen;
  },
});
`;

export const GITIGNORE = `# jianlou: saved logins, the store, secrets and traces (they hold cookies) stay on this machine.
storage-state/
data/
traces/
.env
node_modules/
`;
