import type { Schedule } from '../core/types.js';
import type { CheckProblem } from './decide-types.js';

/** Parent-facing wording decide() puts into alerts (reasons, clashes, next steps), in one place. */
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

export function describeCommitment(c: {
  courseId: string;
  title?: string;
  schedule?: Schedule;
  kind: 'order' | 'hold';
}): string {
  const when = c.schedule
    ? `周${WEEKDAYS[c.schedule.weekday - 1] ?? c.schedule.weekday} ${c.schedule.start}-${c.schedule.end}，`
    : '';
  return `「${c.title ?? c.courseId}」（${when}${c.kind === 'order' ? '已报名' : '保留中'}）`;
}

export const text = {
  clash: (what: string) => `与${what}时间冲突`,
  holdSkipped: {
    dryRun: '试运行（dry-run）：本会自动保留此课程，但未操作',
    accountDown: (accountId: string) => `账号 ${accountId} 本轮检查失败，未自动保留`,
    expiredBefore: '此课程之前的保留已过期无人处理，不再自动保留',
    clash: (what: string) => `与${what}时间冲突，未自动保留`,
    cap: (max: number) => `该账号已有 ${max} 个保留（上限），未自动保留`,
    alreadyTried: '本次空位已尝试保留但未成功，不再重试',
    preferredOther: (title: string) => `已优先保留「${title}」`,
  },
  problemAction: (problem: Exclude<CheckProblem, 'rate_limited'>, accountId: string): string => {
    switch (problem) {
      case 'session_expired':
        return `jianlou login ${accountId}`;
      case 'portal_changed':
        return '门户页面可能改版：运行 jianlou doctor，必要时更新门户流程（flow）';
      case 'portal_unavailable':
        return '无需操作：门户恢复后会自动继续检查';
    }
  },
};
