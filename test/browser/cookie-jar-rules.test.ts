import { Cookie as ToughCookie } from 'tough-cookie';
import { describe, expect, it } from 'vitest';
import { type Cookie, createCookieJar, headerBytes, normalizeCookie } from '../../src/browser/cookie-jar.js';
import { JarStore } from '../../src/browser/cookie-store.js';
import { saved, T0 } from './jar-cookies.js';

/**
 * The cookie rules of the browser-free client's jar and store that cookie-jar.test.ts leaves open
 * (issue 26, test strength): a wrong rule here is a logged-out check or a cookie sent where Chromium
 * would not send it.
 */
const names = (cookies: Cookie[]) => cookies.map((c) => `${c.name}=${c.value}@${c.domain}${c.path}`);

describe('the jar keeps cookies as Chromium does', () => {
  it('clear by name alone takes only that name', () => {
    const jar = createCookieJar(() => T0);
    jar.add([saved({ name: 'a' }), saved({ name: 'b' })]);
    jar.clear({ name: 'a' });
    expect(jar.all().map((c) => c.name)).toEqual(['b']);
  });

  it('a saved cookie put again with a new value goes last in the jar and the header', () => {
    const jar = createCookieJar(() => T0);
    jar.add([saved({ name: 'a', value: '1' }), saved({ name: 'b', value: '1' }), saved({ name: 'c' })]);
    jar.add([saved({ name: 'a', value: '2' })]);
    expect(jar.all().map((c) => `${c.name}=${c.value}`)).toEqual(['b=1', 'c=v', 'a=2']);
    expect(jar.forUrls(['http://portal.test/']).map((c) => c.name)).toEqual(['b', 'c', 'a']);
    expect(jar.header(new URL('http://portal.test/'))).toBe('b=1; c=v; a=2');
  });

  it('a cookie is gone at its expiry second, not one later', () => {
    let now = T0;
    const jar = createCookieJar(() => now);
    jar.add([saved({ name: 'soon', expires: T0 / 1000 + 10 })]);
    now = T0 + 9_999;
    expect(jar.all().map((c) => c.name)).toEqual(['soon']);
    expect(jar.header(new URL('http://portal.test/'))).toBe('soon=v');
    now = T0 + 10_000;
    expect(jar.all()).toEqual([]);
    expect(jar.header(new URL('http://portal.test/'))).toBeUndefined();
  });

  it("forUrls reads expiry by the jar's clock, not the wall clock", () => {
    // Expired by the wall clock (T0 is in the past), alive by the jar's own.
    const jar = createCookieJar(() => T0);
    jar.add([saved({ name: 'a', expires: T0 / 1000 + 3600 })]);
    expect(jar.forUrls(['http://portal.test/']).map((c) => c.name)).toEqual(['a']);
    expect(jar.all().map((c) => c.name)).toEqual(['a']);
  });

  it('a Max-Age cookie is saved with its expiry, a session cookie with -1', () => {
    const jar = createCookieJar(() => T0);
    jar.receive(['a=1; Max-Age=60', 'b=1'], new URL('http://portal.test/'));
    expect(jar.all().map((c) => c.expires)).toEqual([T0 / 1000 + 60, -1]);
  });

  it('a nameless cookie and an empty value are kept and sent, as Chromium does', () => {
    const jar = createCookieJar(() => T0);
    const url = new URL('http://portal.test/');
    jar.receive(['justvalue', 'empty='], url);
    expect(names(jar.all())).toEqual(['=justvalue@portal.test/', 'empty=@portal.test/']);
    expect(jar.header(url)).toBe('justvalue; empty=');
  });

  it('a __host- cookie of any case needs Path=/ exactly', () => {
    const jar = createCookieJar(() => T0);
    const url = new URL('https://portal.test/app/');
    jar.receive(['__host-a=1; Secure; Path=/app', '__HoSt-b=1; Secure; Path=/'], url);
    expect(jar.all().map((c) => c.name)).toEqual(['__HoSt-b']);
  });

  it('an IPv4 host keeps a Domain of its own address as host-only, whatever its digits', () => {
    const jar = createCookieJar(() => T0);
    jar.receive(['a=1; Domain=10.20.30.40'], new URL('http://10.20.30.40/'));
    expect(names(jar.all())).toEqual(['a=1@10.20.30.40/']);
  });

  it('an IPv6 host keeps a Domain of its own address as host-only', () => {
    const jar = createCookieJar(() => T0);
    jar.receive(['a=1; Domain=[2001:db8::ab]'], new URL('http://[2001:DB8::AB]:8080/'));
    expect(names(jar.all())).toEqual(['a=1@2001:db8::ab/']);
    expect(jar.header(new URL('http://[2001:db8::ab]/'))).toBe('a=1');
  });

  it('a host name that only starts like an address is a name: its Domain cookie stays a Domain cookie', () => {
    const jar = createCookieJar(() => T0);
    jar.receive(['a=1; Domain=1.2.3.4xyz'], new URL('http://1.2.3.4xyz/'));
    expect(names(jar.all())).toEqual(['a=1@.1.2.3.4xyz/']);
    expect(jar.header(new URL('http://www.1.2.3.4xyz/'))).toBe('a=1');
  });
});

describe('normalizeCookie', () => {
  it('a domain and path cookie keeps them and its secure flag', () => {
    expect(normalizeCookie({ name: 'a', value: 'b', domain: 'x.test', path: '/app' })).toMatchObject({
      domain: 'x.test',
      path: '/app',
      secure: false,
    });
  });
});

describe('headerBytes', () => {
  it('sends text as its UTF-8 bytes, one Latin-1 character each', () => {
    expect(headerBytes('é')).toBe('\u00c3\u00a9');
    expect(headerBytes('a=1; b=2')).toBe('a=1; b=2');
  });
});

describe('JarStore keys', () => {
  it('a cookie of no stated kind is host-only, the kind a lookup assumes', async () => {
    const store = new JarStore();
    const c = new ToughCookie({ key: 'sid', value: '1', domain: 'portal.com.cn', path: '/' });
    expect(c.hostOnly).toBeNull();
    store.putCookie(c);
    expect(await store.findCookie('portal.com.cn', '/', 'sid')).toBe(c);
    expect(
      store.withKey({ hostOnly: false }, () => store.findCookie('portal.com.cn', '/', 'sid', () => 0)),
    ).toBe(undefined);
  });

  it('a cookie without a domain or path is kept under empty ones, and no domain finds nothing', async () => {
    const store = new JarStore();
    const c = new ToughCookie({ key: 'x', value: '1' });
    store.putCookie(c);
    expect(await store.findCookie('', '', 'x')).toBe(c);
    expect(await store.findCookie(null, null, 'x')).toBeUndefined();
    expect(await store.findCookies('', '/')).toEqual([]);
  });

  it('a lookup without a domain, path or name finds no cookie whose part is the word "null"', async () => {
    const store = new JarStore();
    store.putCookie(new ToughCookie({ key: 'sid', value: '1', domain: 'null', path: '/', hostOnly: true }));
    store.putCookie(
      new ToughCookie({ key: 'sid', value: '2', domain: 'p.test', path: 'null', hostOnly: true }),
    );
    store.putCookie(
      new ToughCookie({ key: 'null', value: '3', domain: 'p.test', path: '/', hostOnly: true }),
    );
    expect(await store.findCookie(null, '/', 'sid')).toBeUndefined();
    expect(await store.findCookie('p.test', null, 'sid')).toBeUndefined();
    expect(await store.findCookie('p.test', '/', null)).toBeUndefined();
    expect((await store.findCookie('null', '/', 'sid'))?.value).toBe('1');
  });

  it('a domain cookie without a path goes to every path of its domain', async () => {
    const store = new JarStore();
    const c = new ToughCookie({ key: 'x', value: '1', domain: 'portal.com.cn', hostOnly: false });
    store.putCookie(c);
    expect(await store.findCookies('www.portal.com.cn', '/any/where')).toEqual([c]);
  });

  it("findCookies passes the caller's special-use rule on to the domain's parents", async () => {
    const store = new JarStore();
    const c = new ToughCookie({ key: 'x', value: '1', domain: 'portal.test', path: '/', hostOnly: false });
    store.putCookie(c);
    expect(await store.findCookies('www.portal.test', '/', true)).toEqual([c]);
    expect(() => store.findCookies('www.portal.test', '/', false)).toThrow(/special use domain/);
  });
});
