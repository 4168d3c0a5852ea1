import type { CronProblem, IssueWords } from '../core/error-words.js';

/**
 * Config problems in Chinese beyond the first six (src/i18n/errors-cli.ts): the validator's kinds of
 * problem said generally, a YAML syntax error, and every rule the config states in its own words
 * (src/config). Paths, keys, values and commands stay as they are. English is the issue's own message.
 */
export type ConfigIssueWords = Exclude<
  IssueWords,
  { code: 'env_unset' | 'required' | 'unknown_keys' | 'unknown_account' | 'unknown_child' | 'not_mapping' }
>;

const TYPES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  array: '列表',
  object: '映射（键: 值）',
  record: '映射（键: 值）',
};

const YAML: Record<string, string> = {
  BAD_INDENT: '缩进不对，或者少了一个括号',
  TAB_AS_INDENT: '缩进不能用 Tab，要用空格',
  DUPLICATE_KEY: '同一个键写了两次',
  MISSING_CHAR: '少了一个括号或引号',
  BLOCK_AS_IMPLICIT_KEY: '键后面少了冒号，或者换行的位置不对',
  MULTILINE_IMPLICIT_KEY: '键后面少了冒号，或者换行的位置不对',
  UNEXPECTED_TOKEN: '这里有多余的字符',
  BAD_SCALAR_START: '值的开头不对（特殊字符开头的值要加引号）',
};

const CRON_FIELDS: Record<string, string> = {
  second: '秒',
  minute: '分钟',
  hour: '小时',
  'day of month': '日期',
  month: '月份',
  'day of week': '星期',
};

const DATE_TIME_HINT = '用 "2026-07-15 11:55" 这样的日期时间（按配置的时区），或者 "2026-07-15T11:55+08:00"';

/** 甲、乙或丙 */
function either(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join('、')}或${items.at(-1)}` : (items[0] ?? '');
}

function cronWhy(why: CronProblem): string {
  const field = (f: string) => CRON_FIELDS[f] ?? f;
  switch (why.kind) {
    case 'fields':
      return `有 ${why.count} 个字段；用 5 个（分 时 日 月 星期）${why.seconds ? '，或者 6 个（最前面加一个秒字段）' : ''}`;
    case 'not_a_value':
      return `${field(why.field)} "${why.part}" 不是数字${why.names ? `、名称（${why.names}）` : ''}、范围（a-b）、步长（*/n）或列表（a,b）`;
    case 'step':
      return `${field(why.field)}的步长至少是 1`;
    case 'outside':
      return `${field(why.field)} "${why.part}" 超出了 ${why.min}–${why.max}`;
    case 'backwards':
      return `${field(why.field)} "${why.part}" 写反了：小的值写在前面`;
    case 'never':
      return '永远不会触发：没有这样的日子（日期和月份对不上）';
    case 'other':
      return '写法不对';
  }
}

function sized(w: Extract<ConfigIssueWords, { code: 'too_small' | 'too_big' }>): string {
  const small = w.code === 'too_small';
  const n = w.limit;
  switch (w.of) {
    case 'number':
      if (!w.inclusive) return small ? `要大于 ${n}` : `要小于 ${n}`;
      return small ? `至少是 ${n}` : `最多是 ${n}`;
    case 'string':
      if (small && n === 1) return '不能是空的';
      return small ? `至少 ${n} 个字符` : `最多 ${n} 个字符`;
    case 'array':
      if (small && n === 1) return '至少要写一项';
      return small ? `至少要写 ${n} 项` : `最多写 ${n} 项`;
    case 'other':
      return small ? `太小了（至少 ${n}）` : `太大了（最多 ${n}）`;
  }
}

export function zhConfigIssue(w: ConfigIssueWords): string {
  switch (w.code) {
    case 'yaml_syntax':
      return `YAML 写法有错${w.column === undefined ? '' : `（第 ${w.column} 列）`}：${YAML[w.problem] ?? '这里读不下去'}`;
    case 'wrong_type':
      return `应该是${either(w.expected.map((t) => TYPES[t] ?? t))}`;
    case 'too_small':
    case 'too_big':
      return sized(w);
    case 'not_one_of':
      return `只能是 ${w.values.map((v) => `"${v}"`).join('、')} 之一`;
    case 'bad_format':
      if (w.format === 'url') return '应该是网址，例如 https://…';
      if (w.format === 'email') return '应该是电子邮件地址';
      return '格式不对';
    case 'invalid':
      return '写法不对';
    case 'id_chars':
      return '用 1–40 个字母、数字、"-" 或 "_"';
    case 'hhmm':
      return '用 HH:MM（24 小时制），例如 07:30';
    case 'timezone':
      return '不是 IANA 时区（例如 Asia/Shanghai）';
    case 'store_uri':
      return '用 sqlite://路径 或者 memory://';
    case 'base_url':
      return '应该是网址，例如 https://portal.example.cn';
    case 'device':
      return '用 desktop、mobile 或 wechat';
    case 'no_accounts':
      return '至少配置一个网站账号';
    case 'no_children':
      return '至少配置一个孩子';
    case 'no_targets':
      return '至少配置一个目标（targets）';
    case 'no_courses':
      return '至少写一个课程编号';
    case 'requests_floor':
      return '至少 30（每小时的请求数）：默认的每 2 分钟一次就已经是 30';
    case 'requests_ceiling':
      return '最多 720（每 5 秒一次）：再多对网站不礼貌';
    case 'learn_no_room':
      return `cron 本身每小时就检查 ${w.perHour} 次，学到的加速时段没有余量：把 maxRequestsPerHour 调到 ${w.perHour} 以上，或者少检查几次`;
    case 'wecom_url':
      return '应该是企业微信机器人的网址 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…';
    case 'webhook_no_key':
      return 'webhook 网址里没有 key=… 参数';
    case 'mobile':
      return '写 11 位手机号，或者 "@all"';
    case 'secret_short':
      return '至少 16 个字符（例如用 `openssl rand -hex 32` 生成）';
    case 'channel_type':
      return 'type 只能是 wecom、dingtalk、feishu、pushplus、serverchan、bark、email、webhook 之一';
    case 'url_like':
      return `应该是${w.http ? ' http(s) ' : ''}网址，例如 ${w.example}`;
    case 'dingtalk_no_token':
      return 'webhook 网址里没有 access_token=… 参数：从机器人设置里复制完整的网址';
    case 'dingtalk_secret':
      return '加签密钥是机器人设置里 SEC 开头的那串字符';
    case 'feishu_hook':
      return 'webhook 网址应该以 /hook/<令牌> 结尾：从机器人设置里复制';
    case 'feishu_secret':
      return '应该是机器人设置里“签名校验”的密钥';
    case 'pushplus_token':
      return '应该是 pushplus.plus 的令牌（字母和数字）';
    case 'serverchan_sendkey':
      return '应该是 sct.ftqq.com 的 SendKey（SCT 开头）';
    case 'bark_device_key':
      return '网址要以设备密钥结尾，和 Bark 应用里显示的一样：https://api.day.app/DEVICE_KEY';
    case 'smtp_url':
      return '用 smtps://用户名:密码@smtp.example.com:465（或者 smtp://…:587）';
    case 'email_from':
      return '写发件人，例如 "捡漏 <me@example.com>"';
    case 'email_address':
      return '应该是电子邮件地址';
    case 'no_recipients':
      return '至少写一个收件人';
    case 'no_kinds':
      return '至少写一种提醒类型，或者去掉 kinds';
    case 'channel_id_twice':
      return `"${w.id}" 用了两次：每个渠道要有自己的 id`;
    case 'channel_id_taken':
      return `"${w.id}" 已经是 notify.${w.section} 的 id：给这个渠道换一个 id`;
    case 'surge_every_floor':
      return '至少 10（秒）：再频繁对网站不礼貌';
    case 'surge_both':
      return '一个加速时段要么是一段时间（from、to），要么是重复的时段（cron、durationMinutes），不能两样都写';
    case 'surge_neither':
      return '写上 from 和 to（"2026-07-15 11:55"），或者 cron 和 durationMinutes（{ cron: "55 11 * * *", durationMinutes: 30 }）';
    case 'surge_time_missing':
      return `没有写；${DATE_TIME_HINT}`;
    case 'surge_time_bad':
      return `"${w.text}" 不是日期时间；${DATE_TIME_HINT}`;
    case 'surge_offset':
      return 'from 和 to 要么都带时区偏移，要么都不带（那样两个都按配置的时区）';
    case 'surge_order':
      return `要晚于 from（${w.from}）`;
    case 'surge_too_long':
      return '一段加速时段最长 7 天；每天都要的话用 cron 和 durationMinutes';
    case 'surge_cron_missing':
      return '没有写：时段什么时候开始，例如 "55 11 * * *"';
    case 'surge_duration_missing':
      return '没有写：每个时段持续多久（1–1440 分钟）';
    case 'listen_format':
      return `"${w.text}" 不是 主机:端口 — 例如 127.0.0.1:8787（IPv6 主机加方括号：[::1]:8787）`;
    case 'listen_port':
      return `端口 ${w.port} 超出范围 — 用 0 到 65535 之间的端口`;
    case 'proxy_address':
      return '不是代理地址：用 IP（"127.0.0.1"）、网段（"10.0.0.0/8"），或者 loopback、linklocal、uniquelocal';
    case 'proxy_hops':
      return '代理的层数用整数，例如 1';
    case 'no_proxies':
      return '至少写一个代理地址，或者用 false';
    case 'cron_too_often':
      return '比每分钟一次还频繁，对网站不礼貌：用 5 个字段的 cron（最多每分钟一次），或者只在你自己的测试网站上设 schedule.force: true';
    case 'autohold_needs_approval':
      return 'autoHold 需要 `approval` 一节（listen、publicUrl、secret），家长才能批准或放弃';
    case 'duplicate_id':
      return w.defaulted
        ? `id "${w.id}" 重复了（默认的 <孩子>-<第一个课程>）：给这个目标一个自己的 id`
        : `id "${w.id}" 重复了`;
    case 'student_id_needed':
      return `账号 "${w.account}" 有 ${w.children} 个孩子：给每个孩子写上 studentId（网站上孩子的编号）；只有一个孩子的账号才可以不写`;
    case 'cron_invalid':
      return `"${w.cron}" 不是有效的 cron 表达式：${cronWhy(w.why)}`;
  }
}
