import type { Schedule } from '../core/types.js';
import { zhCheckCli, zhHoldsList } from './check-cli.js';
import type { CliMessages } from './cli-types.js';
import { zhDoctorCli } from './doctor-cli.js';
import { zhErrorsCli } from './errors-cli.js';
import { zhHoldsCli } from './holds-cli.js';
import { zhRecord } from './record-text.js';
import { zhStatusCli } from './status-cli.js';
import { zhToolsCli } from './tools-cli.js';

/** What the CLI says in Chinese; `slot` is the catalogue's schedule wording. */
export function zhCli(slot: (s: Schedule) => string): CliMessages {
  return {
    schedule: (s) => (s ? slot(s) : ''),
    seatsLabel: '余位',
    holds: zhHoldsCli,
    seatsUsuallyBack: (times, lags) => {
      const parts = [
        ...(times.length > 0 ? [`${times.join('、')} 前后`] : []),
        ...(lags.length > 0 ? [`开放报名后约 ${lags.join('、')} 分钟`] : []),
      ];
      return parts.length > 0 ? `名额通常在${parts.join('和')}空出来。` : '名额空出的时间还看不出规律。';
    },
    statusLink: {
      title: '状态页链接：',
      rotated: '新的状态页链接（旧链接已经打不开了）：',
      servedBy: (url) =>
        `由 jianlou watch 在 ${url} 提供。拿到这个链接的人都能看状态页，也能按上面的保留按钮：`,
      share: '只发给家里人；要换一个链接，运行：jianlou status --link --rotate',
    },
    remote: {
      open: (account) =>
        `在手机上打开此链接，为账号 ${account} 重新登录（30 分钟内有效，只能一台手机使用）：`,
      viaWatch: '（jianlou watch 正在运行，由它提供登录页）',
      waiting: (min) => `等待登录，最多 ${min} 分钟…`,
      saved: (account, path) => `✓ 账号 ${account} 已登录，登录状态已保存到 ${path}`,
      timedOut: (account, min) =>
        `账号 ${account} 在 ${min} 分钟内没有完成登录 — 再运行一次：jianlou login ${account} --remote`,
      stopped: (account) =>
        `收到停止信号，不再等待账号 ${account} 登录 — 需要时再运行：jianlou login ${account} --remote`,
      noApproval: (file) =>
        `--remote 需要 ${file} 里的 approval 一节（listen、publicUrl、secret）：手机通过它打开登录页`,
    },
    record: zhRecord,
    status: zhStatusCli,
    check: zhCheckCli,
    holdsList: zhHoldsList,
    errors: zhErrorsCli,
    doctor: zhDoctorCli,
    tools: zhToolsCli,
  };
}
