import {
  ActionRefusedError,
  PortalChangedError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';

type Locale = 'zh' | 'en';

/** Parent-facing reasons for a hold or decision that did not work, by locale. */
export function holdFailureReason(error: unknown, accountId: string, locale: Locale): string {
  const zh = locale === 'zh';
  if (error instanceof ActionRefusedError) {
    switch (error.reason) {
      case 'no_seats':
        return zh ? '名额已被他人抢先，未能保留' : 'someone else took the seat first';
      case 'cart_full':
        return zh ? '购物车已满（门户上限），未能保留' : 'the portal cart is full';
      case 'already_ordered':
        return zh ? '该孩子已报名此课程' : 'the child is already enrolled in this course';
      case 'not_open':
        return zh ? '课程当前不可报名' : 'the course is not open for enrolment';
      case 'unverified':
        return zh
          ? '加入购物车后未能在购物车中确认，未视为保留'
          : 'the seat did not show up in the cart afterwards';
      default:
        return zh ? `门户拒绝：${error.reason}` : `the portal refused: ${error.reason}`;
    }
  }
  if (error instanceof SessionExpiredError) {
    return zh
      ? `登录已过期，请运行 jianlou login ${accountId} 后重试`
      : `the session expired; run jianlou login ${accountId} and try again`;
  }
  if (error instanceof RateLimitedError)
    return zh ? '门户要求稍后再试（限流）' : 'the portal asked us to slow down';
  if (error instanceof PortalChangedError) {
    return zh ? '门户页面可能改版，无法操作' : 'the portal seems to have changed';
  }
  return zh ? '门户暂时无法访问，请稍后再试' : 'the portal is unavailable right now; try again later';
}

export function decidedBy(who: { via: string; ip?: string; userAgent?: string }, locale: Locale): string {
  if (who.via === 'cli') return locale === 'zh' ? '终端（jianlou holds）' : 'terminal (jianlou holds)';
  const agent = shortAgent(who.userAgent ?? '');
  if (who.via === 'status_page') {
    return locale === 'zh'
      ? `状态页（${who.ip ?? '?'}${agent ? `，${agent}` : ''}）`
      : `status page (${who.ip ?? '?'}${agent ? `, ${agent}` : ''})`;
  }
  return locale === 'zh'
    ? `链接（${who.ip ?? '?'}${agent ? `，${agent}` : ''}）`
    : `link (${who.ip ?? '?'}${agent ? `, ${agent}` : ''})`;
}

function shortAgent(ua: string): string {
  for (const name of ['wxwork', 'MicroMessenger', 'iPhone', 'Android', 'Windows', 'Macintosh', 'Linux']) {
    if (ua.includes(name)) return name === 'wxwork' ? '企业微信' : name === 'MicroMessenger' ? '微信' : name;
  }
  return '';
}
