/**
 * What `jianlou flow record` says to the person recording (issue 30), zh and en. Kept in its own
 * file; the catalogue's `cli.record` points here.
 */
export interface RecordMessages {
  intro(account: string, url: string): string;
  /** The guided steps; the person presses Enter when done. */
  steps: { login: string; list: string; course: string; hold: string };
  enter: string;
  whichCourse(fallback: string): string;
  /** "余位 3 — 这是空余名额吗？" */
  seatsQuestion(course: string, label: string, value: string, where: string): string;
  fullLook(words: readonly string[]): string;
  fullByZero: string;
  proof(request: string, why: string): string;
  hold(request: string): string;
  noHold: string;
  nothingFound(title: string): string;
  noTitle: string;
  noProof: string;
  wrote(flowFile: string, configFile: string): string;
  sessionSaved(path: string): string;
  recordingSaved(path: string): string;
  trying: string;
  yesNo: string;
}

export const zhRecord: RecordMessages = {
  intro: (account, url) =>
    `开始录制账号 ${account} 的一次访问：浏览器已打开 ${url}。请按提示操作；你输入的密码、验证码不会写进任何文件。`,
  steps: {
    login: '第 1 步：请登录。',
    list: '第 2 步：打开课程列表。',
    course: '第 3 步：打开一门想报的课程。',
    hold: '第 4 步（可选）：点“加入购物车”或“报名”；不想点就跳过。',
  },
  enter: '做完后回到这里按回车：',
  whichCourse: (fallback) =>
    `你打开的是哪门课程？请输入课程名称${fallback ? `（回车 =「${fallback}」）` : ''}：`,
  seatsQuestion: (course, label, value, where) =>
    `「${course}」${label} ${value}（${where}）— 这是空余名额吗？`,
  fullLook: (words) => `已满的课程显示为：${words.join('、')}`,
  fullByZero: '已满的课程：余位为 0',
  proof: (request, why) => `不登录时 ${request} ${why}：用它检查是否仍在登录`,
  hold: (request) => `“加入购物车/报名”发送了 ${request}：流程文件里写了说明，暂不自动保留名额`,
  noHold: '这次没有点“加入购物车/报名”：流程只负责查看余位',
  nothingFound: (title) =>
    `录下的内容里没找到「${title}」和它的余位数字 — 请确认打开了这门课程，或用 --course 写出准确的课程名称再录一次`,
  noTitle: '不知道你打开的是哪门课程 — 用 --course 写出课程名称再录一次',
  noProof: '没找到能证明已登录的请求（不登录也都能打开）— 录制时请先登录，再打开“我的”一类页面',
  wrote: (flowFile, configFile) => `✓ 已写好 ${flowFile}，并更新了 ${configFile}`,
  sessionSaved: (path) => `✓ 登录状态已保存到 ${path}`,
  recordingSaved: (path) => `✓ 录制内容（已去掉密码、验证码、cookie 和令牌）保存在 ${path}`,
  trying: '用 jianlou flow try 试一次：',
  yesNo: '(y/n)',
};

export const enRecord: RecordMessages = {
  intro: (account, url) =>
    `Recording one visit of account ${account}: the browser shows ${url}. Follow the steps; what you type as password or code is written nowhere.`,
  steps: {
    login: 'Step 1: log in.',
    list: 'Step 2: open the course list.',
    course: 'Step 3: open one course you want.',
    hold: 'Step 4 (optional): press "add to cart" or 报名; skip it if you prefer.',
  },
  enter: 'Press Enter here when done: ',
  whichCourse: (fallback) =>
    `Which course did you open? Its title${fallback ? ` (Enter = "${fallback}")` : ''}: `,
  seatsQuestion: (course, label, value, where) =>
    `"${course}": ${label} ${value} (${where}) — is this the number of free seats?`,
  fullLook: (words) => `A full course shows: ${words.join(', ')}`,
  fullByZero: 'A full course: 0 seats left',
  proof: (request, why) => `Without the login, ${request} ${why}: it checks the login`,
  hold: (request) => `"Add to cart" sent ${request}: noted in the flow; holds are not written yet`,
  noHold: 'No "add to cart" in this visit: the flow watches seats only',
  nothingFound: (title) =>
    `nothing recorded holds "${title}" beside a seat count — did you open that course? Record again with --course "<exact title>"`,
  noTitle: 'which course did you open? Record again with --course "<title>"',
  noProof:
    'no recorded request needs the login (all open without it) — log in first, then open a "my account" page while recording',
  wrote: (flowFile, configFile) => `✓ Wrote ${flowFile} and updated ${configFile}`,
  sessionSaved: (path) => `✓ Session saved to ${path}`,
  recordingSaved: (path) => `✓ Recording (passwords, codes, cookies and tokens removed) saved to ${path}`,
  trying: 'Trying it with jianlou flow try:',
  yesNo: '(y/n)',
};
