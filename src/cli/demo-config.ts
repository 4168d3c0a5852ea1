import { createServer } from 'node:net';
import type { Locale } from '../i18n/locale.js';

/** The demo's own config (a temporary file) and the small helpers `jianlou demo` needs around it. */

export const TARGET_COURSES = ['ART-101', 'ART-102', 'SWIM-201'];
/** The config's timezone: the story says every time in it. */
export const DEMO_TIMEZONE = 'Asia/Shanghai';
export const DEMO_CHILDREN = [
  { id: 'sister', name: '姐姐', studentId: 'S001' },
  { id: 'brother', name: '弟弟', studentId: 'S002' },
] as const;
export const DEMO_TARGETS = [
  { child: 'sister', courses: ['ART-101', 'ART-102'], autoHold: true },
  { child: 'brother', courses: ['SWIM-201'], autoHold: false },
] as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function demoConfig(o: {
  portalUrl: string;
  webhookUrl: string;
  approvalPort: number;
  apiUrl?: string | undefined;
  legacy?: boolean;
  locale: Locale;
}): string {
  const portal = o.apiUrl
    ? `{ flow: demo-spa, baseUrl: "${o.portalUrl}", options: { apiUrl: "${o.apiUrl}" } }`
    : `{ flow: ${o.legacy ? 'demo-legacy' : 'demo-portal'}, baseUrl: "${o.portalUrl}" }`;
  const children = DEMO_CHILDREN.map(
    (c) => `  - { id: ${c.id}, name: ${c.name}, account: mom, studentId: ${c.studentId} }`,
  ).join('\n');
  const targets = DEMO_TARGETS.map(
    (t) =>
      `  - { child: ${t.child}, courses: [${t.courses.join(', ')}]${t.autoHold ? ', autoHold: true' : ''} }`,
  ).join('\n');
  return `# written by \`jianlou demo\` — a temporary config for the bundled demo portal
locale: ${o.locale}
timezone: ${DEMO_TIMEZONE}
store: sqlite://./jianlou.sqlite
portal: ${portal}
accounts:
  - id: mom
    storageState: storage-state/mom.json
    credentials: { username: "13800000000", password: "demo1234", captcha: "8888" }
children:
${children}
targets:
${targets}
# every 5 seconds: only acceptable because this is our own local demo portal
schedule: { cron: "*/5 * * * * *", jitterSeconds: 1, force: true }
policy: { cooldownMinutes: 1 }
notify:
  wecom: { webhook: "${o.webhookUrl}", mentionMobiles: ["13800000000"] }
approval: { listen: "127.0.0.1:${o.approvalPort}", publicUrl: "http://127.0.0.1:${o.approvalPort}", secret: "demo-secret-not-for-real-use" }
`;
}

/** The action letter inside an approval token's payload ("a" approve, "r" release). */
export function tokenAction(url: string): string | undefined {
  const token = /\/h\/([^/?#\s"]+)/.exec(url)?.[1];
  const payload = token?.split('.')[0];
  if (!payload) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: string }).a;
  } catch {
    return undefined;
  }
}
