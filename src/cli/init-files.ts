/**
 * The files `jianlou init` writes into a family's folder (the flow skeletons are in init-flows.ts).
 * Plain templates; test/package/install.test.ts runs the folder's own `npm run typecheck` on them.
 */

import type { Locale } from '../i18n/locale.js';

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

/** The versions of the family's dev tools: the ones jianlou itself is built and tested with. */
export const DEV_TOOLS = { typescript: '~5.9.3', vitest: '^4.1.12' } as const;

export function packageJson(name: string, jianlouSpec: string): string {
  const pkg = {
    name,
    private: true,
    type: 'module',
    description: 'Our jianlou setup: watches the course portal for freed seats',
    scripts: {
      typecheck: 'tsc -p tsconfig.json',
      test: 'vitest run',
      try: 'jianlou flow try',
      check: 'jianlou check --dry-run',
      watch: 'jianlou watch',
      doctor: 'jianlou doctor',
    },
    dependencies: { jianlou: jianlouSpec },
    devDependencies: { ...DEV_TOOLS },
    // npm 11 runs a dependency's install scripts only when allowed here: jianlou's own, sqlite3's
    // native module and esbuild's binary (for tsx, which loads the .ts flow).
    allowScripts: { jianlou: true, sqlite3: true, esbuild: true },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Strict TypeScript over the flow and its test, checked against jianlou/flow's declarations. */
export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    include: ['flows', 'test'],
  },
  null,
  2,
)}\n`;

/** The family's test: the contract suite's read-only checks against their own portal. */
export const FLOW_TEST = `/**
 * The contract suite's read-only checks against our portal, with the saved session of "mom":
 * the session check, observe of the targets' courses, an unknown course, a cancelled check.
 * Nothing on the portal changes. Until jianlou.yaml is filled in and "mom" logged in
 * (npx jianlou login mom), one test says what is missing.
 * The hold checks take a real seat: they run only with JIANLOU_TEST_HOLDS=<account>, for a TEST account.
 */
import { testFlowReadOnly } from 'jianlou/flow/testing';
import flow from '../flows/my-portal.js';

testFlowReadOnly(flow, { config: 'jianlou.yaml', account: 'mom' });
`;

export function configYaml(baseUrl: string, locale: Locale = 'zh'): string {
  const placeholder = baseUrl === PLACEHOLDER_BASE_URL;
  return `# jianlou config for our family. Secrets come from the environment: \${NAME} (or \${NAME:-default}),
# e.g. from a .env file you load yourself (it is git-ignored). Check it with: npx jianlou doctor
timezone: Asia/Shanghai
locale: ${locale}                      # zh | en — language of alerts and approval pages
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

export const GITIGNORE = `# jianlou: saved logins, the store, secrets and traces (they hold cookies) stay on this machine.
storage-state/
data/
traces/
.env
node_modules/
`;
