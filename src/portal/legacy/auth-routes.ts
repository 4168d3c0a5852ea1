/**
 * The legacy login: phone number, password and image captcha (`/xk/login.do`), then a 6-digit SMS code
 * (`/xk/sms.do`) that renews the app's JSESSIONID. Test mode prints the code on the SMS page (and the
 * admin route `GET /__admin/sms` tells it); outside test mode it is never shown. Never touched by faults.
 */
import express, { type Router } from 'express';
import { checkPassword } from '../accounts.js';
import { renderCaptchaSvg } from '../captcha.js';
import type { LegacyDeps } from './deps.js';
import { LOGIN_TIMEOUT } from './layout.js';
import { frameFor, postedForm, sendAlert, sendPage } from './respond.js';
import { legacyRequest, renewAtLogin } from './session-cookies.js';
import { loginPage, smsPage } from './views-account.js';

const LOGIN = { href: '/xk/login.jsp' };
const SMS = { href: '/xk/sms.jsp' };

export function authRoutes(deps: LegacyDeps): Router {
  const router = express.Router();

  router.get('/xk/captcha.jsp', (req, res) => {
    const code = deps.captchas.issue(legacyRequest(req).appId);
    res.set('Cache-Control', 'no-store').type('image/svg+xml').send(renderCaptchaSvg(code));
  });

  router.get('/xk/login.jsp', (req, res) => {
    if (legacyRequest(req).account) {
      res.redirect(302, '/xk/index.jsp');
      return;
    }
    const frame = frameFor(deps, req, '用户登录');
    sendPage(res, frame, loginPage(frame));
  });

  router.post('/xk/login.do', (req, res) => {
    const form = postedForm(deps, req, res, LOGIN);
    if (!form) return;
    const { appId } = legacyRequest(req);
    if (!deps.captchas.verify(appId, form.yzm ?? '')) return sendAlert(res, '验证码错误', LOGIN);
    const account = checkPassword((form.sjhm ?? '').trim(), form.mm ?? '');
    if (!account) return sendAlert(res, '手机号或密码错误', LOGIN);
    deps.pages.startSms(appId, account.username);
    deps.log(`portal: SMS code sent to ${account.username.slice(0, 3)}****${account.username.slice(7)}`);
    res.redirect(302, '/xk/sms.jsp');
  });

  router.get('/xk/sms.jsp', (req, res) => {
    const pending = deps.pages.pending(legacyRequest(req).appId);
    if (!pending) return sendAlert(res, '短信验证码已失效，请重新登录', LOGIN);
    const frame = frameFor(deps, req, '短信验证', 'meta');
    sendPage(res, frame, smsPage(frame, pending.username, deps.testMode ? pending.code : undefined));
  });

  router.post('/xk/sms.do', (req, res) => {
    const form = postedForm(deps, req, res, LOGIN);
    if (!form) return;
    const pending = deps.pages.pending(legacyRequest(req).appId);
    const check = deps.pages.checkSms(legacyRequest(req).appId, form.dxyzm ?? '');
    if (check === 'wrong') return sendAlert(res, '短信验证码错误', SMS);
    if (check !== 'ok' || !pending) return sendAlert(res, '短信验证码已失效，请重新登录', LOGIN);
    renewAtLogin(deps, req, res, pending.username);
    res.redirect(302, '/xk/index.jsp');
  });

  router.post('/xk/logout.do', (req, res) => {
    const { appId, account } = legacyRequest(req);
    if (!account) return sendAlert(res, LOGIN_TIMEOUT, LOGIN);
    deps.sessions.destroy(appId);
    res.redirect(302, '/xk/login.jsp');
  });

  return router;
}
