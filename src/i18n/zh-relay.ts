import type { RelayMessages } from './types.js';

/** The relayed login page (issue 15). */
export const zhRelay: RelayMessages = {
  title: '重新登录',
  hint: '点图片上的输入框，再在下面打字、发送。图片每秒刷新。',
  typePlaceholder: '在此输入，发送到选中的输入框',
  send: '发送',
  keys: { Enter: '回车', Backspace: '退格', Tab: '下一项' },
  up: '上滚',
  down: '下滚',
  reload: '刷新',
  cancel: '取消',
  states: {
    in_use: '另一台手机正在用这个链接登录。请在那台手机上完成，或稍后重新打开提醒里的链接。',
    open: '',
    saved: '✓ 已登录，登录状态已保存。jianlou 马上继续检查，可以关闭此页。',
    closed: '此登录页已关闭。需要时请重新打开提醒里的链接。',
  },
  notices: {
    invalid: { title: '链接无效', body: '请用提醒里的完整链接，或在电脑上运行 jianlou login。' },
    expired: {
      title: '链接已过期',
      body: '请等待下一条提醒，或运行 jianlou login 账号 --remote 取得新链接。',
    },
    used: { title: '已经登录过了', body: '这个链接已用过，登录状态已保存。' },
    in_use: {
      title: '正在另一台手机上使用',
      body: '同一时间只能一台手机登录。请在那台手机上完成，或稍后再试。',
    },
    busy: { title: '暂时无法打开', body: '打开的登录页太多了，请几分钟后再试。' },
    unknown_account: { title: '账号不存在', body: '配置里没有这个账号。' },
    failed: { title: '无法打开登录页', body: '浏览器启动失败，请稍后再试，或在电脑上运行 jianlou login。' },
  },
  // r3b-phone-demo (issue 29 item 11): the typing box's show/hide button.
  reveal: { show: '显示', hide: '隐藏' },
};
