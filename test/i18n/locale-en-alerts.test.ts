import { describe, expect, it } from 'vitest';
import {
  ActionRefusedError,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../../src/core/errors.js';
import {
  ALERT_KINDS,
  type Alert,
  type HoldSkip,
  type NextStep,
  type ProblemKind,
} from '../../src/core/types.js';
import { catalogue } from '../../src/i18n/catalogue.js';
import { decidedBy, holdFailureReason } from '../../src/i18n/hold-text.js';
import { mergeAlerts, renderAlert, renderPlainText } from '../../src/notify/render.js';
import * as f from '../notify/fixtures.js';
import { CJK, strayCjk } from './cjk.js';

/** Names and titles that come from the portal or the config: they stay Chinese in any locale. */
const PORTAL_AND_CONFIG = ['少儿国画（初级）', '本部', '王老师', '姐姐', '游泳初级班'];

const SKIPS: HoldSkip[] = [
  { code: 'dry_run' },
  { code: 'account_down', accountId: 'mom' },
  { code: 'expired_before' },
  { code: 'clash', with: [f.booked('游泳初级班')] },
  { code: 'cap', max: 2 },
  { code: 'already_tried' },
  { code: 'preferred_other', title: '少儿国画（初级）' },
];
const NEXT: NextStep[] = [{ code: 'login', accountId: 'mom' }, { code: 'doctor' }, { code: 'wait' }];
const PROBLEMS: ProblemKind[] = ['session_expired', 'portal_changed', 'portal_unavailable', 'channel_broken'];
const FAILURES = [
  new ActionRefusedError('x', 'no_seats'),
  new ActionRefusedError('x', 'cart_full'),
  new ActionRefusedError('x', 'already_ordered'),
  new ActionRefusedError('x', 'not_open'),
  new ActionRefusedError('x', 'unverified'),
  new ActionRefusedError('x', 'something_new'),
  new SessionExpiredError('x'),
  new RateLimitedError('x', 1000),
  new PortalChangedError('x'),
  new PortalUnavailableError('x'),
];
const AGENTS = ['wxwork/4.1', 'MicroMessenger/8', 'iPhone', 'curl/8'];

/** Every alert the renderer knows, in every variant of its codes, as an English config makes them. */
function everyEnglishAlert(): Alert[] {
  const alerts: Alert[] = [
    f.opening(),
    f.opening({ clashes: [f.booked('游泳初级班')] }),
    ...SKIPS.map((holdSkipped) => f.opening({ holdSkipped, clashes: [f.booked('游泳初级班')] })),
    f.opening({ observation: f.observation({ seats: null, teacher: '王老师', fee: 380 }) }),
    f.gone(),
    f.holdMade(),
    f.holdMade({ hold: { ...f.holdMade().hold, expiresAt: null } }),
    ...FAILURES.map((e) => f.holdFailed(holdFailureReason(e, 'mom', 'en'))),
    f.holdReminder(),
    ...(['approved', 'released', 'expired', 'failed'] as const).flatMap((outcome) =>
      AGENTS.map((userAgent) => ({
        ...f.holdResult(outcome),
        by: decidedBy({ via: 'link', ip: '192.168.1.20', userAgent }, 'en'),
        detail: catalogue('en').hold.concurrentFailed,
      })),
    ),
    { ...f.holdResult('approved'), by: decidedBy({ via: 'cli' }, 'en') },
    ...PROBLEMS.flatMap((problem) =>
      NEXT.flatMap((next) =>
        [false, true].map((reminder) =>
          f.problem({ problem, next, reminder, detail: `session for account "mom" expired` }),
        ),
      ),
    ),
    ...PROBLEMS.map((problem) => ({ ...f.recovered(), problem })),
    f.loginSoon(),
    f.dailySummary(),
    {
      ...f.dailySummary(),
      sessions: [
        { accountId: 'mom', ok: false },
        { accountId: 'dad', ok: false },
      ],
    },
    { ...f.dailySummary(), nextCheckAt: null },
    { kind: 'test', at: '2026-11-07T01:00:00.000Z' },
  ];
  return alerts;
}

describe('locale: en alerts (issue 12)', () => {
  const alerts = everyEnglishAlert();
  const opts = {
    locale: 'en' as const,
    mentionMobiles: ['13800000000'],
    statusUrl: 'http://127.0.0.1:8787/s',
  };

  it('the fixture covers every alert kind the renderer knows', () => {
    expect(new Set(alerts.map((a) => a.kind))).toEqual(new Set(ALERT_KINDS));
  });

  it('every alert kind, in every format, has no CJK besides portal and config names', () => {
    const stray: string[] = [];
    for (const alert of alerts) {
      const outputs = [
        JSON.stringify(renderAlert(alert, opts), null, 1),
        JSON.stringify(renderAlert(alert, { ...opts, statusUrl: '' }), null, 1),
        renderPlainText(alert, opts),
      ];
      for (const out of outputs)
        stray.push(...strayCjk(out, PORTAL_AND_CONFIG).map((l) => `${alert.kind}: ${l}`));
    }
    stray.push(...strayCjk(JSON.stringify(mergeAlerts(alerts, opts), null, 1), PORTAL_AND_CONFIG));
    expect(stray).toEqual([]);
  });

  it('the check finds CJK that is not a portal or config name (the test can fail)', () => {
    const zh = renderPlainText(f.opening({ holdSkipped: { code: 'cap', max: 2 } }), { locale: 'zh' });
    expect(strayCjk(zh, PORTAL_AND_CONFIG).length).toBeGreaterThan(0);
    expect(CJK.test('　')).toBe(true);
  });

  it('the Chinese wording of codes is what decide() used to write', () => {
    const zh = catalogue('zh').alerts;
    expect(SKIPS.map(zh.holdSkip)).toEqual([
      '试运行（dry-run）：本会自动保留此课程，但未操作',
      '账号 mom 本轮检查失败，未自动保留',
      '此课程之前的保留已过期无人处理，不再自动保留',
      '与「游泳初级班」（周六 09:00-10:00，已报名）时间冲突，未自动保留',
      '该账号已有 2 个保留（上限），未自动保留',
      '本次空位已尝试保留但未成功，不再重试',
      '已优先保留「少儿国画（初级）」',
    ]);
    expect(NEXT.map(zh.nextStep)).toEqual([
      'jianlou login mom',
      '门户页面可能改版：运行 jianlou doctor，必要时更新门户流程（flow）',
      '无需操作：门户恢复后会自动继续检查',
    ]);
    expect(decidedBy({ via: 'link', ip: '1.2.3.4', userAgent: 'wxwork' }, 'zh')).toBe(
      '链接（1.2.3.4，企业微信）',
    );
    expect(decidedBy({ via: 'link', ip: '1.2.3.4', userAgent: 'wxwork' }, 'en')).toBe(
      'link (1.2.3.4, WeCom)',
    );
  });
});
