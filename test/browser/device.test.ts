import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_NAMES, DEVICES } from '../../src/browser/devices.js';
import { launchBrowser, newContext, newRequestContext } from '../../src/browser/launch.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { send, startRawServer } from '../flow/raw-server.js';

const CONFIG = (device: string) => `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173/"${device} }
accounts: [{ id: mom }]
children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]
targets: [{ child: sister, courses: [ART-101] }]
notify: { wecom: { webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" } }
approval: { publicUrl: "http://192.168.1.5:8787", secret: "a-very-long-approval-secret" }
`;

// Issue 27: `portal.device` sets what both the request client and the browser introduce themselves as.
describe('portal.device', () => {
  let server: Awaited<ReturnType<typeof startRawServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startRawServer({
      '/': (_q, res) =>
        send(res, 200, 'text/html', '<meta name="viewport" content="width=device-width"><p>hi</p>'),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is desktop by default; anything but desktop, mobile or wechat is refused by path', () => {
    expect(parseConfig(CONFIG(''), '/x/jianlou.yaml', {}).portal.device).toBe('desktop');
    expect(parseConfig(CONFIG(', device: wechat'), '/x/jianlou.yaml', {}).portal.device).toBe('wechat');
    const bad = () => parseConfig(CONFIG(', device: ipad'), '/x/jianlou.yaml', {});
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow('portal.device: use desktop, mobile or wechat');
  });

  it.each(DEVICE_NAMES)(
    '%s: the request client and the browser send the same user agent and Accept-Language',
    async (name) => {
      const device = DEVICES[name];
      const request = await newRequestContext({ storageState: { cookies: [], origins: [] }, device: name });
      await request.get(`${server.url}/?who=request`);
      await request.dispose();
      const context = await newContext(browser, { device: name });
      const page = await context.newPage();
      await page.goto(`${server.url}/?who=browser`);
      const seen = await page.evaluate(() => ({
        userAgent: navigator.userAgent,
        width: window.innerWidth,
        touch: navigator.maxTouchPoints > 0,
      }));
      await context.close();
      const byWho = (who: string) => server.seen.filter((s) => s.url === `/?who=${who}`).at(-1)?.headers;
      for (const who of ['request', 'browser']) {
        expect(byWho(who)?.['user-agent']).toBe(device.userAgent);
        expect(byWho(who)?.['accept-language']).toBe(device.acceptLanguage);
      }
      expect(seen).toEqual({
        userAgent: device.userAgent,
        width: device.viewport.width,
        touch: device.hasTouch,
      });
      if (name === 'wechat') expect(device.userAgent).toContain('MicroMessenger');
      if (name !== 'desktop') expect(device.userAgent).toContain('Mobile');
    },
  );
});
