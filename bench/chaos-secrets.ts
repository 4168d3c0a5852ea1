/**
 * "Places holding a secret" of `npm run chaos` (issue 26): after the campaign, every place jianlou
 * wrote — the sqlite stores (and their WAL), the logs (the in-process pino lines and the output of
 * every `jianlou` process), the messages the WeCom stand-in received, the traces of failed checks
 * (each file inside each zip) and the status page's HTML of every store — is searched for the
 * portal's `X-Auth-Token`, the password in six encodings, the session cookies, the webhook key and
 * the approval secret. The saved session files are not searched: keeping cookies is their job.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHoldDecider } from '../src/app/holds/hold-decisions.js';
import type { Runtime } from '../src/app/runtime/runtime.js';
import { buildStatusPageData } from '../src/app/status/status-page-data.js';
import { startApprovalServer } from '../src/approve/server.js';
import { ensureStatusLink, statusUrlOf } from '../src/approve/status-link.js';
import { readZip } from '../src/browser/trace-zip.js';

export interface Secrets {
  username: string;
  password: string;
  authToken: string;
  cookies: Iterable<string>;
  webhookKey: string;
  approvalSecret: string;
}

export interface SecretForm {
  /** What a finding is called in the report (never the value). */
  label: string;
  value: string;
  /** Percent-encodings are found in either hex case. */
  anyCase?: boolean;
}

/** The password as plain text, URL-encoded, form-encoded, JSON-escaped, base64 and HTML-escaped. */
export function passwordForms(username: string, password: string): SecretForm[] {
  const form = new URLSearchParams({ p: password }).toString().slice(2);
  const jsonEscaped = JSON.stringify(password)
    .slice(1, -1)
    .replace(/[&<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const html = password
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return [
    { label: 'password (plain)', value: password },
    { label: 'password (URL-encoded)', value: encodeURIComponent(password), anyCase: true },
    { label: 'password (form-encoded)', value: form, anyCase: true },
    { label: 'password (JSON-escaped)', value: jsonEscaped, anyCase: true },
    { label: 'password (base64)', value: Buffer.from(password).toString('base64') },
    {
      label: 'password (base64 user:password)',
      value: Buffer.from(`${username}:${password}`).toString('base64'),
    },
    { label: 'password (HTML-escaped)', value: html },
    { label: 'password (HTML-escaped, numeric)', value: password.replace(/&/g, '&#38;') },
  ];
}

export function secretForms(s: Secrets): SecretForm[] {
  const forms: SecretForm[] = [
    ...passwordForms(s.username, s.password),
    { label: 'X-Auth-Token', value: s.authToken },
    { label: 'webhook key', value: s.webhookKey },
    { label: 'approval secret', value: s.approvalSecret },
    ...[...s.cookies].map((value) => ({ label: 'session cookie', value })),
  ];
  // Forms equal to another (the plain password needs no JSON escape) are looked for once; short
  // values would be found by chance.
  const seen = new Set<string>();
  return forms.filter((f) => f.value.length >= 6 && !seen.has(f.value) && seen.add(f.value));
}

export interface Place {
  name: string;
  text: string;
}

export interface SecretFindings {
  places: number;
  /** How many places of each sort (the part of the name before its first space or colon). */
  sorts: Record<string, number>;
  /** Places holding at least one secret. */
  holding: number;
  where: string[];
}

export function searchPlaces(places: readonly Place[], forms: readonly SecretForm[]): SecretFindings {
  const where: string[] = [];
  const sorts: Record<string, number> = {};
  let holding = 0;
  for (const place of places) {
    const sort = place.name.startsWith('status page')
      ? 'status pages'
      : place.name.startsWith('trace')
        ? 'trace files'
        : /\.sqlite/.test(place.name)
          ? 'store files'
          : place.name;
    sorts[sort] = (sorts[sort] ?? 0) + 1;
    const lower = place.text.toLowerCase();
    const found = forms.filter((f) =>
      f.anyCase ? lower.includes(f.value.toLowerCase()) : place.text.includes(f.value),
    );
    if (found.length === 0) continue;
    holding++;
    where.push(`${place.name}: ${[...new Set(found.map((f) => f.label))].join(', ')}`);
  }
  return { places: places.length, sorts, holding, where };
}

/** The stores of a chaos folder, their WAL files, and each file inside each trace zip. */
export function filePlaces(dir: string): Place[] {
  const places: Place[] = [];
  for (const f of readdirSync(dir)) {
    if (/\.sqlite(-wal)?$/.test(f))
      places.push({ name: f, text: readFileSync(join(dir, f)).toString('latin1') });
  }
  const traces = join(dir, 'traces');
  if (existsSync(traces)) {
    for (const f of readdirSync(traces).filter((x) => x.endsWith('.zip'))) {
      for (const entry of readZip(readFileSync(join(traces, f))))
        places.push({ name: `trace ${f}:${entry.name}`, text: entry.data.toString('latin1') });
    }
  }
  return places;
}

/** The status page of a runtime's store, as a parent's phone gets it (a real server, a real link). */
export async function statusPagePlace(rt: Runtime, secret: string, name: string): Promise<Place> {
  const server = await startApprovalServer({
    listen: '127.0.0.1:0',
    secret,
    kv: rt.kv,
    decider: createHoldDecider(rt),
    status: { load: () => buildStatusPageData(rt, []) },
  });
  try {
    const link = await ensureStatusLink(rt.kv, rt.now());
    const res = await fetch(statusUrlOf(server.url, link, secret));
    const text = await res.text();
    if (res.status !== 200) throw new Error(`the status page of ${name} answered HTTP ${res.status}`);
    return { name: `status page ${name}`, text };
  } finally {
    await server.close();
  }
}
