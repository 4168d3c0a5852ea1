/** The login page: phone number, password, image captcha. */
import { html } from './html.js';
import { layout } from './layout.js';

export interface LoginPageParams {
  returnUrl: string;
  username?: string;
  error?: string;
  /** Shows the demo account and the fixed captcha (test mode only). */
  testMode: boolean;
  /** Cache-buster for the captcha picture. */
  captchaNonce: string;
}

export function loginPage(params: LoginPageParams): string {
  const body = html`<main class="login-page">
    <section class="login-card">
      <h1>家长登录</h1>
      <p class="login-sub">使用报名时登记的手机号登录</p>
      ${params.error ? html`<p class="form-error" role="alert">${params.error}</p>` : ''}
      <form class="login-form" method="post" action="/login" autocomplete="off">
        <input type="hidden" name="returnUrl" value="${params.returnUrl}">
        <label class="field"><span>手机号</span>
          <input name="username" type="text" inputmode="numeric" maxlength="11" placeholder="请输入手机号" value="${params.username ?? ''}" required></label>
        <label class="field"><span>密码</span>
          <input name="password" type="password" placeholder="请输入密码" required></label>
        <label class="field captcha-field"><span>验证码</span>
          <span class="captcha-row">
            <input name="captcha" type="text" inputmode="numeric" maxlength="4" placeholder="请输入图中数字" required>
            <img class="captcha" src="/captcha.svg?t=${params.captchaNonce}" width="120" height="44" alt="验证码" title="看不清？点击换一张">
          </span></label>
        <button type="submit" class="btn btn-primary btn-block">登录</button>
      </form>
      <p class="login-help">忘记密码请联系少年宫教务处 · 首次报名请先在“市少年宫”App 注册</p>
      ${
        params.testMode
          ? html`<p class="test-hint">测试模式：账号 13800000000，密码 demo1234，验证码 8888</p>`
          : ''
      }
    </section>
  </main>`;
  return layout({ title: '登录', body });
}
