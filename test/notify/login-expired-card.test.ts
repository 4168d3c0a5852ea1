import { describe, expect, it } from 'vitest';
import { renderOptions } from '../../src/app/alerts/notify.js';
import type { Alert } from '../../src/core/types.js';
import { renderAlert, renderPlainText } from '../../src/notify/render.js';

const LOGIN = 'https://jianlou.example/login/abc.def';
const ROOT = 'https://jianlou.example';

const expired = (detail: string): Alert => ({
  kind: 'problem',
  problem: 'session_expired',
  accountId: 'mom',
  detail,
  next: { code: 'login', accountId: 'mom' },
  since: '2026-12-02T06:00:00.000Z',
  reminder: false,
  loginUrl: LOGIN,
});
const times = (text: string, part: string) => text.split(part).length - 1;

describe('issue 18: the login-expired alert says the next step once and links only to what answers', () => {
  it.each([
    {
      what: "the flow's message already says it",
      detail: 'session for account "mom" expired at https://portal.example/courses — run: jianlou login mom',
    },
    { what: 'the message does not say it', detail: 'the portal logged this account out' },
  ])('"jianlou login mom" appears once when $what (zh and en, card and text)', ({ detail }) => {
    for (const locale of ['zh', 'en'] as const) {
      expect(times(JSON.stringify(renderAlert(expired(detail), { locale })), 'jianlou login mom')).toBe(1);
      expect(times(renderPlainText(expired(detail), { locale }), 'jianlou login mom')).toBe(1);
    }
  });

  it.each([
    { what: 'watch serves the pages', serving: true, links: [LOGIN, ROOT] },
    { what: 'a cron-only check: nothing serves them', serving: false, links: [] },
  ])('links when $what', ({ serving, links }) => {
    const rendered = JSON.stringify(
      renderAlert(expired('the portal logged this account out'), { statusUrl: ROOT, serving }),
    );
    const found = [...rendered.matchAll(/https:\/\/jianlou\.example[^"\\]*/g)].map((m) =>
      m[0].replace(/\/$/, ''),
    );
    expect([...new Set(found)].sort()).toEqual([...links].sort());
  });

  it("the runtime's render options: the status page's link (read per alert) only where the server runs", () => {
    const config = {
      // renderOptions reads only these parts of the config
      locale: 'zh',
      timezone: 'Asia/Shanghai',
      notify: {},
      approval: { publicUrl: ROOT },
    } as unknown as Parameters<typeof renderOptions>[0]['config'];
    let link = `${ROOT}/s/first.sig`;
    const served = renderOptions({ config }, { serving: true, statusUrl: () => link });
    expect({ ...served }).toMatchObject({ statusUrl: `${ROOT}/s/first.sig`, serving: true });
    link = `${ROOT}/s/rotated.sig`;
    expect({ ...served }.statusUrl).toBe(`${ROOT}/s/rotated.sig`);
    // The server's root is no page: without the status link, no button at all.
    expect({ ...renderOptions({ config }, { serving: true }) }.statusUrl).toBeUndefined();
    expect(renderOptions({ config }, { statusUrl: () => link }).statusUrl).toBeUndefined();
    const cronOnly = renderOptions({ config });
    expect(cronOnly.statusUrl).toBeUndefined();
    expect(cronOnly.serving).toBe(false);
  });
});
