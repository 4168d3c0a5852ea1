import { describe, expect, it } from 'vitest';
import type { Recipe } from '../../src/record/recipe.js';
import { SECRET_MARK, scrubRecording, secretsOf } from '../../src/record/scrub.js';
import type { VisitFacts } from '../../src/record/types.js';
import { writeFlowSource } from '../../src/record/write-flow.js';

const B = 'http://portal.test';
const PASSWORD = 'pass@word-9911';
const COOKIE = 'c00kie-value-7a7a7a';
const TOKEN = 'tok-3e3e3e3e3e3e';

const visit: VisitFacts = {
  exchanges: [
    {
      seq: 1,
      step: 'login',
      method: 'POST',
      url: `${B}/login`,
      kind: 'document',
      status: 302,
      contentType: 'text/html',
      requestBody: `user=mama&pass=${encodeURIComponent(PASSWORD)}`,
      body: `<p>welcome ${TOKEN}</p>`,
    },
    {
      seq: 2,
      step: 'course',
      method: 'GET',
      url: `${B}/api/me?t=${TOKEN}`,
      kind: 'xhr',
      status: 200,
      contentType: 'application/json',
      bearer: TOKEN,
      body: `{"echo":"${PASSWORD}","sid":"${COOKIE}","ok":1}`,
    },
    {
      seq: 3,
      step: 'hold',
      method: 'GET',
      url: `${B}/api/other`,
      kind: 'fetch',
      status: 302,
      contentType: 'application/json',
      location: `${B}/next?who=${COOKIE}`,
      bearer: 'only-in-a-header-42',
      body: '{"echo":"only-in-a-header-42","code":"abcd","pin":"abc"}',
    },
  ],
  clicked: [
    { step: 'list', text: `x ${TOKEN}`, href: `${B}/c/1?t=${TOKEN}` },
    { step: 'list', text: 'plain' },
  ],
  pageAt: { course: `${B}/c/1?t=${TOKEN}`, list: undefined },
  courseText: `the page ${PASSWORD}`,
  typed: [PASSWORD, 'mama', '88', 'abcd', 'abc'],
  storage: [{ origin: B, items: [{ name: 'jl_token', value: TOKEN }] }],
  cookies: [{ name: 'sid', value: COOKIE }],
};

describe('what of a visit may be saved', () => {
  it('keeps no password, cookie or token anywhere: bodies, URLs, clicks; no request bodies; login answers dropped', () => {
    const saved = JSON.stringify(scrubRecording(visit));
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), COOKIE, TOKEN, 'mama'])
      expect(saved).not.toContain(secret);
    expect(saved).toContain(SECRET_MARK);
    expect(scrubRecording(visit).exchanges[1]?.body).toBe('{"echo":"[secret]","sid":"[secret]","ok":1}');
    expect(saved).toContain('"sid"');
    expect(saved).toContain('"jl_token"');
    expect(saved).not.toContain('requestBody');
    expect(saved).not.toContain('the page');
    expect(scrubRecording(visit).exchanges[0]?.body).toBe('');
    expect(scrubRecording(visit).exchanges[1]?.bearer).toBe(true);
    const other = scrubRecording(visit).exchanges[2];
    expect(other).toMatchObject({ location: `${B}/next?who=[secret]`, bearer: true });
    // A token only ever sent in a header is scrubbed too; 4 characters are a secret, 3 are not.
    expect(other?.body).toBe('{"echo":"[secret]","code":"[secret]","pin":"abc"}');
    expect(scrubRecording(visit).clicked).toEqual([
      { step: 'list', text: 'x [secret]', href: `${B}/c/1?t=[secret]` },
      { step: 'list', text: 'plain' },
    ]);
    expect(scrubRecording(visit).pageAt).toEqual({ course: `${B}/c/1?t=[secret]`, list: '' });
    expect(scrubRecording(visit).exchanges[0]).not.toHaveProperty('location');
  });

  it('scrubs values of 4 characters and more, longest first, with their URL-encoded form', () => {
    const secrets = secretsOf(visit);
    expect(secrets).not.toContain('88');
    expect(secrets).toContain(encodeURIComponent(PASSWORD));
    expect(secrets).toEqual([...secrets].sort((a, b) => b.length - a.length));
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});

describe('the flow written from a recipe', () => {
  const recipe: Recipe = {
    name: 'my-city',
    baseUrl: B,
    apiUrl: 'http://api.portal.test',
    auth: { kind: 'bearer', storageKey: 'jl_token' },
    seats: {
      kind: 'json',
      url: 'http://api.portal.test/v1/events?ids={id}',
      list: ['events'],
      item: [],
      idKey: 'id',
      titleKey: 'title',
      seatsKey: 'remaining',
      statusKey: 'status',
      words: { full: ['full'], open: ['open'], closed: ['closed'] },
      sample: { id: 'E-1', title: '国画', seats: 3 },
    },
    proof: {
      url: 'http://api.portal.test/v1/me',
      format: 'json',
      seatsNeedLogin: true,
      why: 'answered HTTP 401',
    },
    coursePage: '/events/{id}',
    loginPage: '/login',
    hold: {
      method: 'POST',
      url: 'http://api.portal.test/v1/registrations',
      fields: ['eventId', 'studentId'],
    },
  };

  it('uses the kit only, reads the token from localStorage, the API from portal.options, relative paths', () => {
    const source = writeFlowSource(recipe, '2027-01-01');
    expect(source).toMatch(/^import \{[^}]+\} from 'jianlou\/flow';/);
    expect(source.match(/from '/g)).toHaveLength(1);
    expect(source).toContain('ctx.storage.local("jl_token")');
    expect(source).toContain('apiUrl: z.url()');
    expect(source).toContain('baseUrl: ctx.options.apiUrl');
    expect(source).toContain('const SESSION = "/v1/me";');
    expect(source).toContain('"url":"/v1/events?ids={id}"');
    expect(source).toContain('observeProvesLogin: true');
    expect(source).toContain('sent POST /v1/registrations with the fields eventId, studentId.');
    expect(source).toContain('loginUrl: (ctx) => new URL("/login", ctx.baseUrl).href');
  });

  it('a public table: htmlClient, observeProvesLogin false, no apiUrl option', () => {
    const { apiUrl: _, ...rest } = recipe;
    const source = writeFlowSource(
      {
        ...rest,
        auth: { kind: 'cookie' },
        seats: {
          kind: 'table',
          url: `${B}/list.jsp?page=1`,
          table: '#kclist',
          idColumn: '编号',
          titleColumn: '名称',
          seatsColumn: '名额',
          words: { full: ['已满'], open: [], closed: [] },
          sample: { id: 'A', title: '国画', seats: 3, cell: '剩余 3' },
        },
        proof: { url: `${B}/home.jsp`, format: 'html', seatsNeedLogin: false, why: 'sent to /login' },
      },
      '2027-01-01',
    );
    expect(source).toContain('htmlClient');
    expect(source).not.toContain('jsonClient');
    expect(source).not.toContain('apiUrl');
    expect(source).toContain('observeProvesLogin: false');
    expect(source).toContain('const FULL: readonly string[] = ["已满"];');
  });
});
