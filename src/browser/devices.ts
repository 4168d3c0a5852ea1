/**
 * `portal.device`: what jianlou introduces itself as to a portal, the same for the request client
 * and the browser — portals made for phones, or for WeChat's built-in browser, answer a desktop
 * visitor with another page, a "请在微信客户端打开链接" notice, or nothing at all.
 */

export const DEVICE_NAMES = ['desktop', 'mobile', 'wechat'] as const;
export type DeviceName = (typeof DEVICE_NAMES)[number];

export interface Device {
  userAgent: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  isMobile: boolean;
  hasTouch: boolean;
  /** Sent by both sides: what Chromium sends for the contexts' zh-CN locale. */
  acceptLanguage: string;
}

const CHROME = '140.0.0.0';
const ANDROID = 'Linux; Android 14; Pixel 8';
const ACCEPT_LANGUAGE = 'zh-CN';

export const DEVICES: Readonly<Record<DeviceName, Device>> = {
  desktop: {
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME} Safari/537.36`,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
    acceptLanguage: ACCEPT_LANGUAGE,
  },
  mobile: {
    userAgent: `Mozilla/5.0 (${ANDROID}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME} Mobile Safari/537.36`,
    viewport: { width: 412, height: 915 },
    deviceScaleFactor: 2.625,
    isMobile: true,
    hasTouch: true,
    acceptLanguage: ACCEPT_LANGUAGE,
  },
  // WeChat's Android in-app browser (XWEB on Chromium): what its portals test for is `MicroMessenger`.
  wechat: {
    userAgent:
      `Mozilla/5.0 (${ANDROID} Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 ` +
      `Chrome/${CHROME} Mobile Safari/537.36 XWEB/1300289 MMWEBSDK/20241103 MMWEBID/6533 ` +
      'MicroMessenger/8.0.54.2760(0x28003637) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
    viewport: { width: 412, height: 915 },
    deviceScaleFactor: 2.625,
    isMobile: true,
    hasTouch: true,
    acceptLanguage: ACCEPT_LANGUAGE,
  },
};

export function deviceOf(name: DeviceName | undefined): Device {
  return DEVICES[name ?? 'desktop'];
}
