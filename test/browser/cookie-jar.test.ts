import { Cookie as ToughCookie } from 'tough-cookie';
import { describe, expect, it } from 'vitest';
import { createCookieJar, headerBytes, headerText, normalizeCookie } from '../../src/browser/cookie-jar.js';
import { JarStore } from '../../src/browser/cookie-store.js';
import { saved, T0 } from './jar-cookies.js';

/** The request client's cookie jar, in process (the Chromium comparison is cookie-chromium.test.ts). */

describe('normalizeCookie', () => {
  it("Playwright's checks, by message", () => {
    expect(() => normalizeCookie({ name: 'a', value: 'b' })).toThrow(
      'Cookie should have a url or a domain/path pair',
    );
    expect(() => normalizeCookie({ name: 'a', value: 'b', domain: 'x' })).toThrow(
      'a url or a domain/path pair',
    );
    expect(() => normalizeCookie({ name: 'a', value: 'b', path: '/' })).toThrow(
      'a url or a domain/path pair',
    );
    expect(() => normalizeCookie({ name: 'a', value: 'b', url: 'http://x/', domain: 'x' })).toThrow(
      'Cookie should have either url or domain',
    );
    expect(() => normalizeCookie({ name: 'a', value: 'b', url: 'http://x/', path: '/' })).toThrow(
      'Cookie should have either url or path',
    );
    const base = { name: 'a', value: 'b', domain: 'x', path: '/' };
    expect(() => normalizeCookie({ ...base, expires: -2 })).toThrow('Cookie should have a valid expires');
    expect(() => normalizeCookie({ ...base, expires: 253402300800 })).toThrow('valid expires');
    expect(normalizeCookie({ ...base, expires: 253402300799 }).expires).toBe(253402300799);
    expect(normalizeCookie({ ...base, expires: 0 }).expires).toBe(0);
  });

  it('defaults, and a URL gives the host, the directory path and secure for https', () => {
    expect(normalizeCookie({ name: 'a', value: 'b', domain: '.x', path: '/p' })).toEqual({
      name: 'a',
      value: 'b',
      domain: '.x',
      path: '/p',
      expires: -1,
      httpOnly: false,
      secure: false,
      sameSite: 'Lax',
    });
    expect(
      normalizeCookie({
        name: 'a',
        value: 'b',
        url: 'https://Portal.test/app/list.jsp?x=1',
        httpOnly: true,
        sameSite: 'Strict',
        secure: false,
      }),
    ).toEqual({
      name: 'a',
      value: 'b',
      domain: 'portal.test',
      path: '/app/',
      expires: -1,
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    });
    expect(normalizeCookie({ name: 'a', value: 'b', url: 'http://x.test', secure: true }).secure).toBe(false);
    expect(normalizeCookie({ name: 'a', value: 'b', domain: 'x', path: '/', secure: true }).secure).toBe(
      true,
    );
  });
});

describe('headerText / headerBytes', () => {
  it('UTF-8 read as Latin-1 comes back as text; ASCII and non-UTF-8 stay', () => {
    const latin1 = Buffer.from('张三', 'utf8').toString('latin1');
    expect(headerText(latin1)).toBe('张三');
    expect(headerText('abc')).toBe('abc');
    expect(headerText('caf\u00e9')).toBe('caf\u00e9');
    expect(headerBytes('张三')).toBe(latin1);
    expect(headerBytes('abc')).toBe('abc');
    expect(headerBytes('\u007f')).toBe('\u007f');
    expect(headerBytes('\u0080')).toBe(Buffer.from('\u0080', 'utf8').toString('latin1'));
  });
});

describe('createCookieJar', () => {
  it('keeps a saved session and sends it: longest path first, then the saved order', () => {
    const jar = createCookieJar(() => T0);
    jar.add([
      saved({ name: 'a', value: '1' }),
      saved({ name: 'b', value: '2', path: '/app' }),
      saved({ name: 'c', value: '3' }),
    ]);
    expect(jar.header(new URL('http://portal.test/app/x'))).toBe('b=2; a=1; c=3');
    expect(jar.header(new URL('http://portal.test/other'))).toBe('a=1; c=3');
    expect(jar.header(new URL('http://elsewhere.test/'))).toBeUndefined();
    expect(jar.all().map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('saves a Domain cookie with its dot, an expiry in seconds, secure and sameSite as given', () => {
    const jar = createCookieJar(() => T0);
    const expires = T0 / 1000 + 3600;
    jar.add([saved({ domain: '.Portal.test', expires, secure: true, httpOnly: true, sameSite: 'None' })]);
    expect(jar.all()).toEqual([
      saved({ domain: '.portal.test', expires, secure: true, httpOnly: true, sameSite: 'None' }),
    ]);
    expect(jar.header(new URL('https://www.portal.test/'))).toBe('sid=v');
    expect(jar.header(new URL('http://www.portal.test/'))).toBeUndefined();
  });

  it('an expired cookie is neither sent nor listed; one that expires later is', () => {
    let now = T0;
    const jar = createCookieJar(() => now);
    jar.add([saved({ name: 'soon', expires: T0 / 1000 + 10 }), saved({ name: 'keep' })]);
    expect(jar.all().map((c) => c.name)).toEqual(['soon', 'keep']);
    now = T0 + 11_000;
    expect(jar.all().map((c) => c.name)).toEqual(['keep']);
    expect(jar.header(new URL('http://portal.test/'))).toBe('keep=v');
    expect(jar.forUrls(['http://portal.test/']).map((c) => c.name)).toEqual(['keep']);
  });

  it('a host-only and a Domain cookie of one name are two cookies, both sent', () => {
    const jar = createCookieJar(() => T0);
    const url = new URL('http://portal.test/');
    jar.receive(['sid=host', 'sid=dom; Domain=portal.test'], url);
    expect(jar.all().map((c) => [c.domain, c.value])).toEqual([
      ['portal.test', 'host'],
      ['.portal.test', 'dom'],
    ]);
    expect(jar.header(url)).toBe('sid=host; sid=dom');
    // Each replaces only its own kind.
    jar.receive(['sid=dom2; Domain=portal.test'], url);
    jar.receive(['sid=host2'], url);
    expect(
      jar
        .all()
        .map((c) => [c.domain, c.value])
        .sort(),
    ).toEqual([
      ['.portal.test', 'dom2'],
      ['portal.test', 'host2'],
    ]);
  });

  it('refuses a Domain on a public suffix or another site, Secure over plain http, and bad prefixes', () => {
    const jar = createCookieJar(() => T0);
    jar.receive(['a=1; Domain=com.cn'], new URL('http://portal.com.cn/'));
    jar.receive(['b=1; Domain=other.test'], new URL('http://portal.test/'));
    jar.receive(['c=1; Secure'], new URL('http://portal.test/'));
    jar.receive(['__Secure-d=1'], new URL('https://portal.test/'));
    jar.receive(['__secure-e=1'], new URL('https://portal.test/'));
    jar.receive(['__Host-f=1; Secure; Path=/app'], new URL('https://portal.test/app/'));
    jar.receive(['__HOST-g=1; Secure; Path=/; Domain=portal.test'], new URL('https://portal.test/'));
    jar.receive(['', '=;;', '=; Path=/'], new URL('https://portal.test/'));
    expect(jar.all()).toEqual([]);
    jar.receive(
      ['__Secure-ok=1; Secure', '__host-ok2=1; Secure; Path=/', 'plain=1'],
      new URL('https://portal.test/'),
    );
    expect(jar.all().map((c) => c.name)).toEqual(['__Secure-ok', '__host-ok2', 'plain']);
  });

  it('Secure is kept from loopback over http and sent there', () => {
    const jar = createCookieJar(() => T0);
    const url = new URL('http://127.0.0.1:8080/');
    jar.receive(['s=1; Secure'], url);
    expect(jar.header(url)).toBe('s=1');
  });

  it('an IP host keeps a Domain of its own address as host-only; another address is refused', () => {
    const jar = createCookieJar(() => T0);
    jar.receive(['a=1; Domain=127.0.0.1', 'b=1; Domain=127.0.0.2'], new URL('http://127.0.0.1/'));
    expect(jar.all()).toEqual([saved({ name: 'a', value: '1', domain: '127.0.0.1' })]);
  });

  it('an attribute-less Set-Cookie takes the host and the directory of the URL; UTF-8 values read as text', () => {
    const jar = createCookieJar(() => T0);
    const name = Buffer.from('张三', 'utf8').toString('latin1');
    jar.receive(
      [`who=${name}; HttpOnly; SameSite=Strict; Max-Age=60`],
      new URL('http://Portal.test/app/list.jsp'),
    );
    expect(jar.all()).toEqual([
      saved({
        name: 'who',
        value: '张三',
        path: '/app',
        httpOnly: true,
        sameSite: 'Strict',
        expires: T0 / 1000 + 60,
      }),
    ]);
    jar.receive(['n=1; SameSite=Bogus'], new URL('http://portal.test/'));
    expect(jar.all().find((c) => c.name === 'n')?.sameSite).toBe('Lax');
  });

  it('forUrls lists the cookies of any of the URLs, in jar order; none given, all of them', () => {
    const jar = createCookieJar(() => T0);
    jar.add([
      saved({ name: 'a', domain: 'one.test' }),
      saved({ name: 'b', domain: 'two.test' }),
      saved({ name: 'c', domain: 'three.test' }),
    ]);
    expect(jar.forUrls(['http://three.test/', 'http://one.test/']).map((c) => c.name)).toEqual(['a', 'c']);
    expect(jar.forUrls([]).map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('clear with a filter by name, domain or path (strings or regexes), else everything', () => {
    const jar = createCookieJar(() => T0);
    jar.add([
      saved({ name: 'a' }),
      saved({ name: 'b', domain: '.portal.test' }),
      saved({ name: 'c', path: '/app' }),
      saved({ name: 'a', domain: 'x.test' }),
    ]);
    jar.clear({ name: 'a', domain: 'x.test' });
    expect(jar.all().map((c) => `${c.name}@${c.domain}`)).toEqual([
      'a@portal.test',
      'b@.portal.test',
      'c@portal.test',
    ]);
    const g = /^\.portal/g;
    jar.clear({ domain: g });
    jar.clear({ domain: g });
    expect(jar.all().map((c) => c.name)).toEqual(['a', 'c']);
    jar.clear({ path: '/app' });
    expect(jar.all().map((c) => c.name)).toEqual(['a']);
    jar.clear({ path: /nothing/ });
    expect(jar.all().map((c) => c.name)).toEqual(['a']);
    jar.clear();
    expect(jar.all()).toEqual([]);
  });

  it('a cookie set again with the same value keeps its place; with a new value it goes last', () => {
    const jar = createCookieJar(() => T0);
    const url = new URL('http://portal.test/');
    jar.receive(['a=1', 'b=1'], url);
    jar.receive(['a=1'], url);
    expect(jar.header(url)).toBe('a=1; b=1');
    jar.receive(['a=2'], url);
    expect(jar.header(url)).toBe('b=1; a=2');
  });
});

describe('JarStore', () => {
  const cookie = (key: string, value: string, hostOnly = true, path = '/') =>
    new ToughCookie({ key, value, domain: 'portal.com.cn', path, hostOnly });

  it('finds by kind, lists by domain and path, and answers callbacks and promises', async () => {
    const store = new JarStore();
    const host = cookie('sid', 'h');
    const dom = cookie('sid', 'd', false);
    store.putCookie(host);
    store.putCookie(dom);
    expect(await store.findCookie('portal.com.cn', '/', 'sid')).toBe(host);
    expect(
      store.withKey({ hostOnly: false }, () =>
        store.findCookie('portal.com.cn', '/', 'sid', (_e: unknown, c?: ToughCookie) => c?.value),
      ),
    ).toBeUndefined();
    let seen: unknown;
    store.withKey({ hostOnly: false }, () =>
      store.findCookie('portal.com.cn', '/', 'sid', (_e: unknown, c?: ToughCookie) => (seen = c)),
    );
    expect(seen).toBe(dom);
    expect(await store.findCookie(null, '/', 'sid')).toBeUndefined();
    expect(await store.findCookie('portal.com.cn', null, 'sid')).toBeUndefined();
    expect(await store.findCookie('portal.com.cn', '/', null)).toBeUndefined();
    expect((await store.findCookies('www.portal.com.cn', '/x')).length).toBe(2);
    expect((await store.findCookies('www.portal.com.cn', '')).length).toBe(2);
    expect(await store.findCookies('', '/')).toEqual([]);
    expect(await store.findCookies('other.com.cn', '/')).toEqual([]);
    let viaCallback: unknown;
    store.findCookies('portal.com.cn', '/', (_e: unknown, found: unknown) => (viaCallback = found));
    expect(viaCallback).toHaveLength(2);
    store.putCookie(cookie('deep', '1', true, '/app'));
    expect((await store.findCookies('portal.com.cn', '/')).map((c: ToughCookie) => c.key).sort()).toEqual([
      'sid',
      'sid',
    ]);
    expect((await store.getAllCookies()).length).toBe(3);
  });

  it('withKey restores the kind before it, even after a throw', async () => {
    const store = new JarStore();
    store.putCookie(cookie('sid', 'd', false));
    expect(() =>
      store.withKey({ hostOnly: false }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(await store.findCookie('portal.com.cn', '/', 'sid')).toBeUndefined();
    store.withKey({ hostOnly: false }, () => {
      store.withKey({ hostOnly: true }, () => undefined);
      expect(store.findCookie('portal.com.cn', '/', 'sid', () => undefined)).toBeUndefined();
    });
  });

  it('put over the same value keeps the creation; a new value does not', () => {
    const store = new JarStore();
    const first = cookie('a', '1');
    store.putCookie(first);
    const same = cookie('a', '1');
    store.putCookie(same);
    expect(same.creationIndex).toBe(first.creationIndex);
    expect(same.creation).toBe(first.creation);
    const other = cookie('a', '2');
    const index = other.creationIndex;
    store.putCookie(other);
    expect(other.creationIndex).toBe(index);
    store.putCookie(other);
    expect(store.everyCookie()).toEqual([other]);
  });

  it('update: a changed value is a new cookie (new creation), the same value keeps it', () => {
    const store = new JarStore();
    const old = cookie('a', '1');
    store.putCookie(old);
    const same = cookie('a', '1');
    same.creationIndex = old.creationIndex;
    store.updateCookie(old, same);
    expect(same.creationIndex).toBe(old.creationIndex);
    const changed = cookie('a', '2');
    changed.creationIndex = old.creationIndex;
    const at = new Date(T0);
    changed.lastAccessed = at;
    store.updateCookie(same, changed);
    expect(changed.creationIndex).toBeGreaterThan(old.creationIndex);
    expect(changed.creation).toBe(at);
    const again = cookie('a', '3');
    again.lastAccessed = null;
    const before = Date.now();
    store.updateCookie(changed, again);
    expect((again.creation as Date).getTime()).toBeGreaterThanOrEqual(before);
    expect(store.everyCookie()).toEqual([again]);
  });

  it('remove by kind or both kinds, by domain and path, and all', async () => {
    const store = new JarStore();
    store.putCookie(cookie('sid', 'h'));
    store.putCookie(cookie('sid', 'd', false));
    store.withKey({ hostOnly: false }, () => store.removeCookie('portal.com.cn', '/', 'sid'));
    expect(store.everyCookie().map((c) => c.value)).toEqual(['h']);
    store.putCookie(cookie('sid', 'd', false));
    await store.removeCookie('portal.com.cn', '/', 'sid');
    expect(store.everyCookie()).toEqual([]);
    store.putCookie(cookie('a', '1'));
    store.putCookie(cookie('b', '1', true, '/app'));
    store.putCookie(new ToughCookie({ key: 'c', value: '1', domain: 'other.com.cn', path: '/' }));
    await store.removeCookies('portal.com.cn', '/app');
    expect(store.everyCookie().map((c) => c.key)).toEqual(['a', 'c']);
    await store.removeCookies('portal.com.cn', null as unknown as string);
    expect(store.everyCookie().map((c) => c.key)).toEqual(['c']);
    let called = false;
    store.removeAllCookies(() => (called = true));
    expect(called).toBe(true);
    expect(store.everyCookie()).toEqual([]);
    store.putCookie(cookie('z', '1'));
    store.drop(cookie('z', 'other'));
    expect(store.everyCookie()).toEqual([]);
  });
});
