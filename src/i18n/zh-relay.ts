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
    invalid: {
      title: '链接无效',
      body: '链接不完整或被改动过。请回到群里，点提醒里的链接重新打开。',
    },
    expired: {
      title: '链接已过期',
      body: '这个登录链接过期了。请等群里的下一条提醒（里面有新的链接），或请管电脑的家人发一个新链接。',
    },
    used: { title: '已经登录过了', body: '这个链接已用过，登录状态已保存。' },
    in_use: {
      title: '正在另一台手机上使用',
      body: '同一时间只能一台手机登录。请在那台手机上完成，或稍后再试。',
    },
    busy: { title: '暂时无法打开', body: '打开的登录页太多了，请几分钟后再试。' },
    unknown_account: { title: '账号不存在', body: '配置里没有这个账号。' },
    failed: {
      title: '无法打开登录页',
      body: '登录页这次没能打开。请过几分钟再点提醒里的链接，或请管电脑的家人在电脑上重新登录。',
    },
  },
  // r3b-phone-demo (issue 29 item 11): the typing box's show/hide button.
  reveal: { show: '显示', hide: '隐藏' },
};
