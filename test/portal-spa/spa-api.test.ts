import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedCourses } from '../../src/portal/seed.js';
import { type RunningSpaPortal, startPortal } from '../../src/portal/server.js';
import {
  adminPost,
  adminState,
  call,
  type EventJson,
  eventOf,
  loginToken,
  MOM,
  NEIGHBOUR,
} from './spa-kit.js';

let portal: RunningSpaPortal;
let api: string;

beforeAll(async () => {
  portal = await startPortal({ style: 'spa', testMode: true });
  api = portal.apiUrl;
});
afterAll(async () => {
  await portal?.close();
});
beforeEach(async () => {
  expect((await adminPost(api, 'reset')).status).toBe(200);
});

const register = (token: string, eventId: string, studentId = 'S001') =>
  call<{ registration: Record<string, string>; error?: string }>(api, 'POST', '/api/v1/registrations', {
    token,
    body: { eventId, studentId },
  });

describe('spa style: two origins', () => {
  it('serves the web app and the API on different ports of the same host; url is the web app', () => {
    expect(portal.webUrl).toBe(`http://127.0.0.1:${portal.port}`);
    expect(portal.apiUrl).toBe(`http://127.0.0.1:${portal.apiPort}`);
    expect(portal.apiPort).not.toBe(portal.port);
    expect(portal.url).toBe(portal.webUrl);
  });

  it('refuses an unknown style with the styles it knows', async () => {
    await expect(startPortal({ style: 'mobile' as 'spa' })).rejects.toThrow(
      'demo portal: unknown style "mobile": use classic or spa',
    );
  });
});

describe('spa style: login and bearer tokens', () => {
  it('logs in with phone and password: a token and its expiry by the session lifetime', async () => {
    const before = Date.now();
    const answer = await call<{ token: string; expiresAt: string }>(api, 'POST', '/api/v1/auth/login', {
      body: MOM,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.token).toMatch(/^[\w-]{20,}$/);
    const expiresInS = (Date.parse(answer.body.expiresAt) - before) / 1000;
    expect(expiresInS).toBeGreaterThan(7190);
    expect(expiresInS).toBeLessThanOrEqual(7201);
  });

  it('answers a wrong password or unknown phone with 401 bad_credentials, and a missing field with 400', async () => {
    for (const body of [
      { ...MOM, password: 'wrong' },
      { phone: '13700000000', password: MOM.password },
    ]) {
      const answer = await call(api, 'POST', '/api/v1/auth/login', { body });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: 'bad_credentials', message: '手机号或密码错误' });
    }
    expect((await call(api, 'POST', '/api/v1/auth/login', { body: { phone: MOM.phone } })).status).toBe(400);
  });

  it('answers every API call without a good bearer token with 401 unauthorized', async () => {
    const token = await loginToken(api);
    const bad: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-token' },
      { authorization: token },
      { authorization: `Basic ${token}` },
    ];
    for (const headers of bad) {
      for (const [method, path] of [
        ['GET', '/api/v1/me'],
        ['GET', '/api/v1/events'],
        ['GET', '/api/v1/registrations'],
        ['POST', '/api/v1/registrations'],
      ] as const) {
        const answer = await call(api, method, path, { headers });
        expect(answer.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(answer.body).toEqual({ error: 'unauthorized' });
        expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
    expect((await call(api, 'GET', '/api/v1/me', { token })).status).toBe(200);
  });

  it('invalidates every token on /__admin/expire-sessions, and a new login works', async () => {
    const mom = await loginToken(api);
    const neighbour = await loginToken(api, NEIGHBOUR);
    expect((await adminState(api)).sessions).toBe(2);
    expect((await adminPost(api, 'expire-sessions')).status).toBe(200);
    for (const token of [mom, neighbour]) {
      expect((await call(api, 'GET', '/api/v1/me', { token })).status).toBe(401);
    }
    expect((await call(api, 'GET', '/api/v1/me', { token: await loginToken(api) })).status).toBe(200);
  });

  it('expires tokens by the session lifetime, changed live by /__admin/config', async () => {
    const token = await loginToken(api);
    expect((await adminPost(api, 'config', { sessionTtlSeconds: 0.05 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await call(api, 'GET', '/api/v1/me', { token })).status).toBe(401);
  });

  it('ends a token on logout', async () => {
    const token = await loginToken(api);
    expect((await call(api, 'POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    expect((await call(api, 'GET', '/api/v1/me', { token })).status).toBe(401);
  });

  it('tells who is logged in and their students, as the classic accounts have them', async () => {
    const answer = await call(api, 'GET', '/api/v1/me', { token: await loginToken(api) });
    expect(answer.body).toEqual({
      account: { phone: '13800000000', name: '陈女士' },
      students: [
        { id: 'S001', name: '姐姐' },
        { id: 'S002', name: '弟弟' },
      ],
    });
  });
});

describe('spa style: dated events', () => {
  it('lists the whole classic catalogue as dated events in the summer holiday', async () => {
    const token = await loginToken(api);
    const answer = await call<{ events: EventJson[] }>(api, 'GET', '/api/v1/events', { token });
    const seed = seedCourses();
    expect(answer.body.events.map((e) => [e.id, e.title, e.capacity])).toEqual(
      seed.map((c) => [c.id, c.title, c.capacity]),
    );
    for (const event of answer.body.events) {
      expect(event.date).toMatch(/^2027-0[78]-\d\d$/);
      expect(event.date >= '2027-07-05' && event.date <= '2027-08-15', event.id).toBe(true);
      const seeded = seed.find((c) => c.id === event.id);
      // The event falls on the course's own weekday (1 = Monday … 7 = Sunday).
      expect(new Date(`${event.date}T00:00:00Z`).getUTCDay() || 7).toBe(seeded?.weekday);
      expect([event.start, event.end]).toEqual([seeded?.startTime, seeded?.endTime]);
    }
    expect(new Set(answer.body.events.map((e) => e.date)).size).toBeGreaterThan(20);
  });

  it('answers ids=A,B with those events and names the missing ones; full, open and closed', async () => {
    const token = await loginToken(api);
    const closed = seedCourses().find((c) => c.phase === 'closed')?.id ?? '';
    const lottery = seedCourses().find((c) => c.phase === 'lottery')?.id ?? '';
    const answer = await call<{ events: EventJson[]; missing: string[] }>(
      api,
      'GET',
      `/api/v1/events?ids=ART-101,CAL-101,${closed},${lottery},NOPE-1`,
      { token },
    );
    expect(answer.body.missing).toEqual(['NOPE-1']);
    expect(answer.body.events.map((e) => [e.id, e.status])).toEqual([
      ['ART-101', 'full'],
      ['CAL-101', 'open'],
      [closed, 'closed'],
      [lottery, 'closed'],
    ]);
    expect(answer.body.events[0]).toEqual({
      id: 'ART-101',
      title: '少儿国画（初级）',
      date: '2027-07-10',
      start: '09:00',
      end: '10:30',
      capacity: 20,
      remaining: 0,
      status: 'full',
    });
  });

  it('gives the same dates after a reset and in a second portal', async () => {
    const token = await loginToken(api);
    const first = await call<{ events: EventJson[] }>(api, 'GET', '/api/v1/events', { token });
    const other = await startPortal({ style: 'spa', testMode: true });
    try {
      const otherToken = await loginToken(other.apiUrl);
      const second = await call<{ events: EventJson[] }>(other.apiUrl, 'GET', '/api/v1/events', {
        token: otherToken,
      });
      expect(second.body.events.map((e) => e.date)).toEqual(first.body.events.map((e) => e.date));
    } finally {
      await other.close();
    }
  });
});

describe('spa style: registrations instead of a cart', () => {
  it('a registration pending review takes the seat, never expires, and is listed', async () => {
    const token = await loginToken(api);
    expect((await adminPost(api, 'seats', { courseId: 'ART-101', seats: 2 })).status).toBe(200);
    const answer = await register(token, 'ART-101');
    expect(answer.status).toBe(201);
    expect(answer.body.registration).toMatchObject({
      id: 'r1',
      eventId: 'ART-101',
      studentId: 'S001',
      status: 'pending_review',
    });
    expect(Date.parse(answer.body.registration.createdAt ?? '')).toBeGreaterThan(Date.now() - 5000);
    expect(await eventOf(api, token, 'ART-101')).toMatchObject({ remaining: 1, status: 'open' });

    // No hold time applies: a tiny holdSeconds (the classic cart's) changes nothing here.
    await adminPost(api, 'config', { holdSeconds: 0.01 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const list = await call<{ registrations: unknown[] }>(api, 'GET', '/api/v1/registrations', { token });
    expect(list.body.registrations).toEqual([answer.body.registration]);
    expect((await adminState(api)).registrations).toEqual([
      {
        registrationId: 'r1',
        username: MOM.phone,
        courseId: 'ART-101',
        studentId: 'S001',
        status: 'pending_review',
        createdAt: answer.body.registration.createdAt,
      },
    ]);
    expect((await adminState(api)).courses.find((c) => c.id === 'ART-101')?.seats).toBe(1);
  });

  it('answers 409 full when no seat is left, 409 duplicate with the existing registration', async () => {
    const token = await loginToken(api);
    expect(await register(token, 'ART-101')).toMatchObject({ status: 409, body: { error: 'full' } });
    await adminPost(api, 'seats', { courseId: 'ART-101', seats: 1 });
    const first = await register(token, 'ART-101');
    expect(first.status).toBe(201);
    // Again for the same student: the one already made, even though the event is full now.
    const again = await register(token, 'ART-101');
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'duplicate', registration: first.body.registration });
    expect(await register(token, 'ART-101', 'S002')).toMatchObject({ status: 409, body: { error: 'full' } });
    expect((await adminState(api)).registrations).toHaveLength(1);
  });

  it('lets only one of two families have the last seat', async () => {
    const [mom, neighbour] = await Promise.all([loginToken(api), loginToken(api, NEIGHBOUR)]);
    await adminPost(api, 'seats', { courseId: 'SWIM-201', seats: 1 });
    const answers = await Promise.all([register(mom, 'SWIM-201'), register(neighbour, 'SWIM-201', 'S003')]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect((await adminState(api)).courses.find((c) => c.id === 'SWIM-201')?.seats).toBe(0);
  });

  it('refuses a closed event (409 closed), an unknown event (404), another family’s student (400)', async () => {
    const token = await loginToken(api);
    const closed = seedCourses().find((c) => c.phase === 'closed')?.id ?? '';
    expect(await register(token, closed)).toMatchObject({ status: 409, body: { error: 'closed' } });
    expect(await register(token, 'NOPE-1')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await register(token, 'CAL-101', 'S003')).toMatchObject({
      status: 400,
      body: { error: 'unknown_student' },
    });
    const noBody = await call(api, 'POST', '/api/v1/registrations', { token, body: {} });
    expect(noBody).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });

  it('lets no student cancel: DELETE answers 405 not_allowed and the seat stays taken', async () => {
    const token = await loginToken(api);
    const made = await register(token, 'CAL-101');
    for (const path of [`/api/v1/registrations/${made.body.registration.id}`, '/api/v1/registrations']) {
      const answer = await call(api, 'DELETE', path, { token });
      expect(answer.status).toBe(405);
      expect(answer.body).toEqual({ error: 'not_allowed' });
      expect(answer.headers.get('allow')).toBe('GET, POST');
    }
    expect(await eventOf(api, token, 'CAL-101')).toMatchObject({ remaining: 3 });
  });

  it('shows each family only its own registrations', async () => {
    const [mom, neighbour] = await Promise.all([loginToken(api), loginToken(api, NEIGHBOUR)]);
    await register(mom, 'CAL-101');
    const theirs = await call<{ registrations: unknown[] }>(api, 'GET', '/api/v1/registrations', {
      token: neighbour,
    });
    expect(theirs.body.registrations).toEqual([]);
  });
});

describe('spa style: the organiser’s review', () => {
  it('reject frees the seat once, marks the registration rejected, and the student may register again', async () => {
    const token = await loginToken(api);
    await adminPost(api, 'seats', { courseId: 'ART-101', seats: 1 });
    const made = await register(token, 'ART-101');
    expect(await eventOf(api, token, 'ART-101')).toMatchObject({ remaining: 0, status: 'full' });

    const rejected = await adminPost(api, 'reject', { registrationId: made.body.registration.id });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      ok: true,
      registration: { registrationId: 'r1', status: 'rejected' },
    });
    expect(await eventOf(api, token, 'ART-101')).toMatchObject({ remaining: 1, status: 'open' });
    // Rejecting twice gives the seat back once.
    expect((await adminPost(api, 'reject', { registrationId: 'r1' })).status).toBe(200);
    expect(await eventOf(api, token, 'ART-101')).toMatchObject({ remaining: 1 });

    const list = await call<{ registrations: { status: string }[] }>(api, 'GET', '/api/v1/registrations', {
      token,
    });
    expect(list.body.registrations.map((r) => r.status)).toEqual(['rejected']);
    const again = await register(token, 'ART-101');
    expect(again.status).toBe(201);
    expect(again.body.registration.id).toBe('r2');
  });

  it('approve keeps the seat; a rejected registration cannot be approved; unknown ids are 404', async () => {
    const token = await loginToken(api);
    const made = await register(token, 'CAL-101');
    const approved = await adminPost(api, 'approve', { registrationId: made.body.registration.id });
    expect(approved.body).toMatchObject({ registration: { status: 'approved' } });
    expect(await eventOf(api, token, 'CAL-101')).toMatchObject({ remaining: 3 });
    const list = await call<{ registrations: { status: string }[] }>(api, 'GET', '/api/v1/registrations', {
      token,
    });
    expect(list.body.registrations.map((r) => r.status)).toEqual(['approved']);
    // Approved still counts: the same student cannot register twice.
    expect((await register(token, 'CAL-101')).body.error).toBe('duplicate');

    const other = await register(token, 'CAL-101', 'S002');
    await adminPost(api, 'reject', { registrationId: other.body.registration.id });
    expect(await adminPost(api, 'approve', { registrationId: other.body.registration.id })).toMatchObject({
      status: 409,
      body: { error: 'already_rejected' },
    });
    expect(await adminPost(api, 'reject', { registrationId: 'r99' })).toMatchObject({ status: 404 });
    expect(await adminPost(api, 'approve', {})).toMatchObject({ status: 400 });
  });

  it('offers the same review in process: admin.reject / admin.approve', async () => {
    const token = await loginToken(api);
    const made = await register(token, 'CAL-101');
    portal.admin.reject(made.body.registration.id ?? '');
    expect(portal.admin.state().registrations[0]?.status).toBe('rejected');
    expect(portal.admin.state().courses.find((c) => c.id === 'CAL-101')?.seats).toBe(4);
    expect(() => portal.admin.approve(made.body.registration.id ?? '')).toThrow(
      'registration "r1" was rejected; it cannot be approved',
    );
    expect(() => portal.admin.reject('r99')).toThrow('unknown registration "r99"');
  });
});

describe('spa style: faults on the API, reset, test mode', () => {
  it('answers 500 and 429 with Retry-After on the API while login stays untouched', async () => {
    const token = await loginToken(api);
    await adminPost(api, 'faults', { target: 'api', fault: '500' });
    expect(await call(api, 'GET', '/api/v1/events', { token })).toMatchObject({
      status: 500,
      body: { error: 'internal' },
    });
    // Faults sit in front of the token guard, like the classic API.
    expect((await call(api, 'GET', '/api/v1/me')).status).toBe(500);
    expect((await call(api, 'POST', '/api/v1/auth/login', { body: MOM })).status).toBe(200);

    await adminPost(api, 'faults', { target: 'api', fault: '429', retryAfterSeconds: 7 });
    const limited = await call(api, 'POST', '/api/v1/registrations', {
      token,
      body: { eventId: 'CAL-101', studentId: 'S001' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await adminState(api)).registrations).toEqual([]);

    await adminPost(api, 'faults', { target: 'api', fault: 'none' });
    expect((await call(api, 'GET', '/api/v1/events', { token })).status).toBe(200);
  });

  it('renames the fields a flow reads under the redesign fault', async () => {
    const token = await loginToken(api);
    await adminPost(api, 'faults', { target: 'api', fault: 'redesign' });
    const answer = await call<{ events: Record<string, unknown>[] }>(
      api,
      'GET',
      '/api/v1/events?ids=CAL-101',
      {
        token,
      },
    );
    expect(answer.body.events[0]).toMatchObject({ id: 'CAL-101', remain: 4, state: 'open' });
    expect(answer.body.events[0]).not.toHaveProperty('remaining');
    expect(answer.body.events[0]).not.toHaveProperty('status');
  });

  it('hangs under the hang fault until the client gives up, and close() still ends', async () => {
    const token = await loginToken(api);
    await adminPost(api, 'faults', { target: 'api', fault: 'hang' });
    const hung = fetch(`${api}/api/v1/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toThrow(/aborted|timeout/i);
  });

  it('resets seats, registrations, tokens, faults and settings to the start', async () => {
    const token = await loginToken(api);
    await adminPost(api, 'seats', { courseId: 'ART-101', seats: 3 });
    await register(token, 'ART-101');
    await adminPost(api, 'faults', { target: 'all', fault: '500' });
    await adminPost(api, 'config', { sessionTtlSeconds: 60 });
    expect((await adminPost(api, 'reset')).status).toBe(200);
    const state = await adminState(api);
    expect(state.registrations).toEqual([]);
    expect(state.sessions).toBe(0);
    expect(state.faults.api.fault).toBe('none');
    expect(state.faults.pages.fault).toBe('none');
    expect(state.settings.sessionTtlSeconds).toBe(7200);
    expect(state.courses.find((c) => c.id === 'ART-101')?.seats).toBe(0);
    expect((await call(api, 'GET', '/api/v1/me', { token })).status).toBe(401);
    // Numbering starts again.
    const fresh = await loginToken(api);
    await adminPost(api, 'seats', { courseId: 'ART-101', seats: 1 });
    expect((await register(fresh, 'ART-101')).body.registration.id).toBe('r1');
  });

  it('reports the classic course state plus registrations, sessions, faults, settings and release', async () => {
    const state = await adminState(api);
    expect(Object.keys(state).sort()).toEqual(
      ['courses', 'faults', 'registrations', 'release', 'sessions', 'settings'].sort(),
    );
    expect(state.courses.find((c) => c.id === 'ART-101')).toEqual({
      id: 'ART-101',
      title: '少儿国画（初级）',
      seats: 0,
      capacity: 20,
      phase: 'open',
      status: 'full',
    });
    expect(state.release).toEqual({ enabled: false });
  });

  it('frees seats through the release switch, like the classic portal', async () => {
    expect(
      (
        await adminPost(api, 'release', {
          enabled: true,
          minSeconds: 0,
          maxSeconds: 0,
          courseIds: ['ART-102'],
        })
      ).status,
    ).toBe(200);
    await expect
      .poll(async () => (await adminState(api)).courses.find((c) => c.id === 'ART-102')?.seats, {
        timeout: 3000,
      })
      .toBeGreaterThan(0);
    await adminPost(api, 'release', { enabled: false });
  });

  it('has no /__admin outside test mode', async () => {
    const live = await startPortal({ style: 'spa' });
    try {
      expect((await call(live.apiUrl, 'GET', '/__admin/state')).status).toBe(404);
      expect((await call(live.apiUrl, 'POST', '/__admin/reset', { body: {} })).status).toBe(404);
      expect((await fetch(`${portal.webUrl}/__admin/state`)).status).toBe(404);
    } finally {
      await live.close();
    }
  });
});
