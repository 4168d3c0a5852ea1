import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/core/scrub.js';

/**
 * The scrubber's rules one by one (issue 26 item 4): every secret parameter name, what may stand
 * before it and what ends its value; a path's session id; approval link tokens; credential header
 * lines; known values by length. A miss here is a secret in a log, an error or an alert.
 */

const R = '[redacted]';

describe('secret URL parameters and form fields', () => {
  const names = [
    'key',
    'token',
    'access_token',
    'refresh_token',
    'id_token',
    'sig',
    'sign',
    'secret',
    'password',
    'passwd',
    'pwd',
    'ticket',
    'code',
  ];
  it.each(names)('%s= is blanked at the start of a text and after "?"', (name) => {
    expect(scrubSecrets(`${name}=v4lue&x=1`)).toBe(`${name}=${R}&x=1`);
    expect(scrubSecrets(`/p?${name}=v4lue`)).toBe(`/p?${name}=${R}`);
  });

  it.each([
    ['&', 'a=1&password=v4lue'],
    [' ', 'sent password=v4lue'],
    ['a newline', 'x\npassword=v4lue'],
    [';', 'a=1;password=v4lue'],
    [',', 'a=1,password=v4lue'],
    ['(', '(password=v4lue'],
    ['"', '"password=v4lue'],
    ["'", "'password=v4lue"],
  ])('after %s', (_before, text) => {
    expect(scrubSecrets(text)).toBe(text.replace('v4lue', R));
  });

  it('in any case', () => {
    expect(scrubSecrets('/p?PassWord=v4lue')).toBe(`/p?PassWord=${R}`);
  });

  it('not inside a longer name (errcode=, mykey=, a-token=)', () => {
    for (const text of ['errcode=93000', 'mykey=1234', 'a-token=abcd', '1code=abcd']) {
      expect(scrubSecrets(text)).toBe(text);
    }
  });

  it.each([
    ['&', 'password=v4lue&next=1', `password=${R}&next=1`],
    ['a space', 'password=v4lue next', `password=${R} next`],
    ['a newline', 'password=v4lue\nnext', `password=${R}\nnext`],
    ['"', '{"u":"password=v4lue"}', `{"u":"password=${R}"}`],
    ["'", "'password=v4lue'", `'password=${R}'`],
    ['#', 'password=v4lue#top', `password=${R}#top`],
    [')', '(password=v4lue)', `(password=${R})`],
    [';', 'password=v4lue;x', `password=${R};x`],
    [',', 'password=v4lue,x', `password=${R},x`],
  ])('the value ends at %s', (_end, text, out) => {
    expect(scrubSecrets(text)).toBe(out);
  });

  it('an empty value is marked too', () => {
    expect(scrubSecrets('?key=&a=1')).toBe(`?key=${R}&a=1`);
  });

  it('every parameter of a text, not only the first', () => {
    expect(scrubSecrets('a?key=1&b=2 c?token=3')).toBe(`a?key=${R}&b=2 c?token=${R}`);
  });
});

describe("a path's Java session id", () => {
  it.each([
    ['?', '/app;jsessionid=ABC123?x=1', `/app;jsessionid=${R}?x=1`],
    ['#', '/app;jsessionid=ABC123#x', `/app;jsessionid=${R}#x`],
    ['&', '/app;jsessionid=ABC123&x', `/app;jsessionid=${R}&x`],
    [';', '/app;jsessionid=ABC123;x', `/app;jsessionid=${R};x`],
    ['a space', '/app;jsessionid=ABC123 x', `/app;jsessionid=${R} x`],
    ['"', '"/app;jsessionid=ABC123"', `"/app;jsessionid=${R}"`],
    ["'", "'/app;jsessionid=ABC123'", `'/app;jsessionid=${R}'`],
    ['/', '/app;jsessionid=ABC123/x', `/app;jsessionid=${R}/x`],
  ])('ends at %s', (_end, text, out) => {
    expect(scrubSecrets(text)).toBe(out);
  });
  it('in any case, each one', () => {
    expect(scrubSecrets('/a;JSESSIONID=1 /b;jsessionid=2')).toBe(`/a;JSESSIONID=${R} /b;jsessionid=${R}`);
  });
});

describe('approval link tokens', () => {
  it('a /h/ path of 16 or more token characters is cut, its signature with it', () => {
    expect(scrubSecrets('see /h/abcdefghijklmnop and /h/aZ09_-aZ09_-aZ09.s_i-g9 end')).toBe(
      `see /h/${R} and /h/${R} end`,
    );
  });
  it('15 characters are no token; what follows the token is kept', () => {
    expect(scrubSecrets('/h/abcdefghijklmno')).toBe('/h/abcdefghijklmno');
    expect(scrubSecrets('/h/abcdefghijklmnopq?x=1')).toBe(`/h/${R}?x=1`);
  });
});

describe('credential header lines', () => {
  it.each([
    'cookie',
    'set-cookie',
    'authorization',
    'proxy-authorization',
    'x-csrf-token',
    'x-xsrf-token',
    'x-auth-token',
    'x-access-token',
    'x-api-key',
    'x-token',
  ])('%s: its value up to the end of the line', (name) => {
    expect(scrubSecrets(`${name}: v4lue here\nnext: 1`)).toBe(`${name}: ${R}\nnext: 1`);
  });
  it('any case, "=" or ":" with or without spaces, a quoted JSON key', () => {
    expect(scrubSecrets('Set-Cookie:sid=1')).toBe(`Set-Cookie:${R}`);
    expect(scrubSecrets('X-Api-Key = k')).toBe(`X-Api-Key = ${R}`);
    expect(scrubSecrets(`{'x-token': 'k'}`)).toBe(`{'x-token': ${R}`);
    expect(scrubSecrets('"cookie"  :  "k"')).toBe(`"cookie"  :  ${R}`);
  });
  it('not when the name is the end of a longer word', () => {
    expect(scrubSecrets('mycookie: 1')).toBe('mycookie: 1');
  });
  it('not a header without a separator', () => {
    expect(scrubSecrets('the cookie jar')).toBe('the cookie jar');
  });
  it('every header line of a text', () => {
    expect(scrubSecrets('cookie: a\naccept: b\nauthorization: c')).toBe(
      `cookie: ${R}\naccept: b\nauthorization: ${R}`,
    );
  });
});

describe('known secret values', () => {
  it('values of 4 characters or more are replaced everywhere, shorter ones never', () => {
    expect(scrubSecrets('abc abcd abcd', ['abc', 'abcd'])).toBe(`abc ${R} ${R}`);
    expect(scrubSecrets('ab ab', ['ab'])).toBe('ab ab');
  });
  it('with the marker asked for', () => {
    expect(scrubSecrets('x hunter22 ?key=1', ['hunter22'], '***')).toBe('x *** ?key=***');
  });
  it('a text without secrets is kept as it is', () => {
    expect(scrubSecrets('GET https://p.example/courses?page=2 200')).toBe(
      'GET https://p.example/courses?page=2 200',
    );
  });
});

describe('status page and relay login links (they open a family page; a status link never expires)', () => {
  const sig = `${'S'.repeat(20)}${'_-'.repeat(11)}x`;
  it('a /s/<id>.<signature> token is cut like an approval token', () => {
    expect(scrubSecrets(`status: https://a.example/s/AbCdEfGhIjKlMnOpQrStUvWx.${sig} ok`)).toBe(
      `status: https://a.example/s/${R} ok`,
    );
  });
  it('a /login/<payload>.<signature> token is cut', () => {
    expect(scrubSecrets(`open https://a.example/login/eyJ2IjoxLCJwIjoibG9naW4ifQ.${sig}`)).toBe(
      `open https://a.example/login/${R}`,
    );
  });
  it("a portal's own /login/ or /s/ path without a signature is kept", () => {
    const text =
      'GET https://p.example/login/authenticateUserAction.do https://p.example/s/searchCoursesByTerm';
    expect(scrubSecrets(text)).toBe(text);
  });
});
