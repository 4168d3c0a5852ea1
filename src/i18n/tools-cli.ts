/**
 * `jianlou flow try`, `surges suggest`, `init`'s next steps and `portal`: the lines a person reads, in
 * the config's language (issue 29 item 12). Commands, config keys, ids, paths, URLs and the flow's own
 * failure texts stay as they are. English: tools-cli-en.ts.
 */
/** A learned return pattern (src/watch/surge-learn.ts ReturnPattern): the facts its sentence says. */
export interface PatternFacts {
  kind: 'daily' | 'weekly' | 'after-wave';
  /** Daily: local minute of the day; weekly: local minute of the week from Sunday 00:00; after-wave: minutes after it. */
  startMinute: number;
  durationMinutes: number;
  returns: number;
  occurrences: number;
  chances: number;
  courses: Record<string, number>;
}

/** Why a pattern is not used (src/watch/surge-plan.ts DropReason). */
export type DropFacts = { code: 'stopped'; lastAt: string } | { code: 'no_room'; maxRequestsPerHour: number };

/** Local "HH:MM" of a minute of the day (past midnight wraps). */
export const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The courses of a pattern, sorted: "ART-101, SWIM-201". */
export const coursesOf = (p: PatternFacts, sep: string): string => Object.keys(p.courses).sort().join(sep);

export interface ToolsCliMessages {
  flowTry: {
    header(flow: string, baseUrl: string): string;
    account(id: string): string;
    sessionOk(state: string, ms: number): string;
    sessionFailed(kind: string, message: string): string;
    observeFailed(kind: string, message: string): string;
    /** The flow's own next step (its words stay as the flow wrote them). */
    next(text: string): string;
    observed(courses: number, ms: number): string;
    /** Column heads: course, state, seats, title, when, url. */
    columns: readonly [string, string, string, string, string, string];
    contractProblem(problem: string): string;
  };
  surges: {
    /** `perCourse` is "ART-101 2, SWIM-201 1" or ''. */
    returns(days: number, total: number, perCourse: string, waves: number): string;
    budget(perHour: number): string;
    nothingYet: string;
    yoursKept: string;
    once: string;
    notConfig(pattern: string): string;
    learnOn: string;
    learnOff: string;
    notUsed(pattern: string, reason: string): string;
    /** When seats came back, how often and for which courses (`surges suggest` comments, `status`). */
    pattern(p: PatternFacts): string;
    /** A one-off window: the opening wave seen (local time) and the pattern (already worded). */
    afterWave(waveAt: string, pattern: string): string;
    /** Why a pattern is not used. */
    dropped(reason: DropFacts, kind: PatternFacts['kind']): string;
  };
  /** `jianlou init`: what it made and the next steps (`cd` is "cd DIR && " or ''). */
  init: {
    created(dir: string, files: string): string;
    /** A package.json that already depends on jianlou is kept: what to add to it. */
    kept(scripts: string, devInstall: string): string[];
    nextSteps(cd: string): string[];
  };
  /** `jianlou portal`: where the demo portal is and how to log in to it (each ends with a newline). */
  portal: {
    classic(url: string, testMode: boolean): string;
    spa(webUrl: string, apiUrl: string, testMode: boolean): string;
    legacy(url: string, wechatOnly: boolean, testMode: boolean): string;
    stop: string;
  };
}

/** Weekly patterns count from Sunday. */
const ZH_WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
/** The chances a pattern had to show itself. */
const ZH_CHANCES: Record<PatternFacts['kind'], string> = {
  daily: '天',
  weekly: '周',
  'after-wave': '次开放报名',
};

export const zhToolsCli: ToolsCliMessages = {
  flowTry: {
    header: (flow, url) => `流程 ${flow} 试读 ${url}（只读：不保留、不存储、不发送）`,
    account: (id) => `账号 ${id}`,
    sessionOk: (state, ms) => `  checkSession：${state}（${ms} ms）`,
    sessionFailed: (kind, message) => `  checkSession 失败 [${kind}]：${message}`,
    observeFailed: (kind, message) => `  observe 失败 [${kind}]：${message}`,
    next: (text) => `    下一步：${text}`,
    observed: (n, ms) => `  observe：${n} 门课程，用时 ${ms} ms`,
    columns: ['课程', '状态', '余位', '名称', '时间', '链接'],
    contractProblem: (p) => `  不符合流程约定：${p}`,
  },
  surges: {
    returns: (days, total, perCourse, waves) =>
      `# 最近 ${days} 天空出来的名额：${total}${perCourse ? `（${perCourse}）` : ''}；看到的开放报名：${waves} 次。`,
    budget: (perHour) =>
      `# 间隔按每个账号每小时 ${perHour} 次请求算（schedule.maxRequestsPerHour），cron 的检查也算在内。`,
    nothingYet: '# 还没有可建议的时段：名额还没有在同一时间反复空出来。',
    yoursKept: '    # 你已有的，保留：',
    once: '（一次性：刚看到开放报名之后）',
    notConfig: (p) => `# 不是配置行：${p}。`,
    learnOn: '#   schedule.learn 已打开：每次开放报名之后 watch 会自己加密检查。',
    learnOff: '#   打开 schedule.learn: true 后，每次开放报名之后 watch 会自己加密检查。',
    notUsed: (p, reason) => `# 没有采用：${p} — ${reason}。`,
    pattern: (p) => {
      const evidence = `共 ${p.returns} 个名额；${coursesOf(p, '、')}`;
      if (p.kind === 'after-wave') {
        return (
          `${p.chances} 次开放报名里有 ${p.occurrences} 次，开放后 ${p.startMinute}–${p.startMinute + p.durationMinutes} 分钟有名额空出来` +
          `（${evidence}）：多半是预报名没付款、到期取消了`
        );
      }
      const start = p.startMinute % 1440;
      const span = `${hhmm(start)} 到 ${hhmm(start + p.durationMinutes)} 之间`;
      return p.kind === 'weekly'
        ? `${p.chances} 周里有 ${p.occurrences} 周的${ZH_WEEKDAYS[Math.floor(p.startMinute / 1440)]} ${span}有名额空出来（${evidence}）`
        : `${p.chances} 天里有 ${p.occurrences} 天在 ${span}有名额空出来（${evidence}）`;
    },
    afterWave: (waveAt, pattern) => `${waveAt} 看到开放报名；${pattern}`,
    dropped: (r, kind) =>
      r.code === 'stopped'
        ? `停了：最近几${ZH_CHANCES[kind]}都没有名额空出来（最后一次 ${r.lastAt}）`
        : `每小时 ${r.maxRequestsPerHour} 次请求里，除去 cron 的检查已经没有余量`,
  },
  init: {
    created: (dir, files) => `已创建 ${dir}：${files}、storage-state/（0700）`,
    kept: (scripts, devInstall) => [
      '保留了 package.json：它已经依赖 jianlou。要用 npm run typecheck / test / try，在里面加上',
      `  ${scripts}`,
      `  然后运行：${devInstall}`,
    ],
    nextSteps: (cd) => [
      '接下来：',
      `  1. ${cd}npm install`,
      '  2. 填好 jianlou.yaml（报名网站地址、孩子、课程）和 flows/my-portal.ts 里的 TODO；',
      '     npm run typecheck               按 jianlou/flow 检查流程',
      '  3. npx jianlou login mom            手动登录一次，登录状态保存在 storage-state/',
      '     npm run try                     用流程只读地试一次报名网站',
      '     npm test                        约定测试对报名网站的只读检查',
      '  4. export WECOM_WEBHOOK=… JIANLOU_SECRET=…，然后 npx jianlou doctor --send',
      '  5. npx jianlou check --dry-run      检查一次：只看，不发送',
      '  6. npx jianlou watch                一直关注（见包里的 deploy/jianlou.service）',
    ],
  },
  portal: {
    classic: (url, test) =>
      `演示报名网站（市少年宫 暑期课程报名）：${url}\n` +
      (test
        ? '测试模式：用户名 13800000000，密码 demo1234，验证码 8888；管理开关在 /__admin/\n'
        : '不是测试模式：验证码是随机的；加上 --test-mode 可用固定验证码和 /__admin/ 开关\n'),
    spa: (web, api, test) =>
      `演示报名网站，单页应用（市少年宫 暑期活动报名）\n  网页     ${web}（登录：${web}/login）\n  JSON API ${api}（只允许 ${web} 跨域）\n` +
      (test
        ? '测试模式：手机号 13800000000，密码 demo1234；管理开关在 API 的 /__admin/\n'
        : '不是测试模式：加上 --test-mode 可用 API 上的 /__admin/ 开关\n'),
    legacy: (url, wechat, test) =>
      `演示报名网站，老式网页（市少年宫课程报名系统，GBK 编码）：${url}\n  课程列表 ${url}/xk/kclist.jsp（登录：${url}/xk/login.jsp）\n` +
      (wechat ? '  只在微信里打开：除非浏览器标识里有 MicroMessenger，网页都回答“请在微信中打开”\n' : '') +
      (test
        ? '测试模式：手机号 13800000000，密码 demo1234，验证码 8888，短信验证码显示在网页上（也可 GET /__admin/sms?phone=）；未付款的预报名 60 秒后取消；管理开关在 /__admin/\n'
        : '不是测试模式：验证码随机，短信验证码不会显示；加上 --test-mode 可用固定验证码和 /__admin/ 开关\n'),
    stop: '按 Ctrl-C 停止。\n',
  },
};
