import type { Schedule } from '../core/types.js';
import type { PageMessages } from './types.js';

/** The approval pages; `weekdays` and `schedule` are the catalogue's own. */
export const zhPages = (weekdays: readonly string[], schedule: (s: Schedule) => string): PageMessages => ({
  lang: 'zh-CN',
  appName: '捡漏',
  weekdays,
  schedule,
  fields: {
    child: '孩子',
    course: '课程',
    schedule: '上课时间',
    campus: '校区',
    fee: '费用',
    seats: '余位',
    holdUntil: '名额保留至',
    timeLeft: '剩余时间',
    order: '订单号',
    decision: '处理结果',
  },
  fee: (yuan) => `¥${yuan}`,
  seats: (n) => `${n} 个`,
  holdUntilUnknown: (kind) =>
    !kind.expires
      ? '报名网站会一直保留，直到你们决定'
      : kind.kind === 'cart'
        ? '以官网购物车为准'
        : '以报名网站为准',
  timeLeftOver: '已到期',
  confirm: {
    pageTitle: '请确认',
    headline: (action, kind) =>
      action === 'release' ? '放弃并释放名额' : kind.kind === 'cart' ? '确认报名' : '保留这个报名',
    note: (action, kind) => {
      if (action === 'release') return '（名额退回官网，其他家庭可以报名）';
      const step = kind.kind === 'cart' ? '提交订单' : '保留报名';
      const then = {
        payment: '之后请在官方App内付款',
        review: '等主办方审核；免费，无需付款',
        none: '无需付款',
      }[kind.after];
      return `（${step}，${then}）`;
    },
    button: (action, kind) =>
      action === 'release' ? '放弃并释放名额' : kind.kind === 'cart' ? '确认报名' : '保留报名',
    safety: '只有点击上面的按钮才会执行；关闭本页不会有任何操作。',
  },
  status: {
    held: '待确认',
    approved: '已确认报名',
    released: '已放弃',
    expired: '保留已到期',
    failed: '办理失败',
  },
  decidedLine: (status, by, at) => [at && `${at}`, by && `由 ${by}`, status].filter(Boolean).join(' '),
  approved: {
    title: (kind) =>
      kind.kind === 'registration'
        ? '已保留报名'
        : kind.after === 'payment'
          ? '已提交报名订单'
          : '已提交报名',
    followUp: (kind) =>
      ({
        payment:
          kind.kind === 'cart'
            ? '请在官方App内完成支付，未付款的订单会被官网自动取消。'
            : '请在官方App内完成支付，未付款的报名会被网站自动取消。',
        review: '报名已保留，等待主办方审核，免费，无需付款。审核结果请留意网站的通知。',
        none: '名额已经是你们的了，无需付款。',
      })[kind.after],
    noOrderNumber: '订单号请在官方App的“我的订单”中查看',
  },
  released: { title: '已放弃，名额已释放', body: '名额已退回官网，其他家庭可以报名了。' },
  alreadyDecided: { title: '这个名额已经处理过了', body: '无需再操作。' },
  holdExpired: {
    title: '名额保留已到期',
    body: (kind) =>
      `${kind.kind === 'cart' ? '官网购物车' : '报名网站'}的保留时间已过，名额已退回。如果还想报名，请等下一次提醒。`,
  },
  portalError: {
    title: '官网暂时出错，这次没有办成',
    reason: (detail) => `原因：${detail}`,
    stillHeld: (until, kind) =>
      kind.kind === 'cart'
        ? until
          ? `名额仍在购物车里保留至 ${until}。`
          : '名额仍在购物车里保留着。'
        : until
          ? `报名仍保留至 ${until}。`
          : '报名仍然保留着，直到你们决定。',
    nextSteps: (holdId, action, kind) => [
      '过一两分钟后，从企业微信群的提醒里重新打开链接再试一次；',
      kind.kind === 'cart'
        ? '或者直接在官方App的购物车里提交订单或取消；'
        : kind.release
          ? '或者直接在报名网站上确认或取消这个报名；'
          : '或者直接到报名网站上查看这个报名；',
      `或者在运行捡漏的电脑上执行：jianlou holds ${action} ${holdId}`,
    ],
  },
  notices: {
    invalid_link: {
      title: '链接无效',
      body: '链接不完整或被改动过。请回到企业微信群，从提醒里重新打开。',
    },
    link_expired: {
      title: '链接已过期',
      body: '这个链接已经过了有效期。请查看企业微信群里最新的提醒。',
    },
    already_used: {
      title: '这个链接已经用过了',
      body: '每个链接只能用一次，不会重复提交。',
    },
    wrong_action: {
      title: '链接与操作不符',
      body: '请回到企业微信群，点提醒里对应的链接。',
    },
    stale_form: {
      title: '页面已失效',
      body: '请从企业微信群的提醒里重新打开链接，再点按钮。',
    },
    not_found: {
      title: '找不到这个名额',
      body: '这个名额记录不存在，可能已被清理。请查看企业微信群里最新的提醒。',
    },
    rate_limited: { title: '操作太频繁', body: '请一分钟后再试。' },
    too_large: { title: '请求太大', body: '请从企业微信群的提醒里重新打开链接。' },
    bad_request: { title: '请求无效', body: '请从企业微信群的提醒里重新打开链接。' },
    server_error: {
      title: '出错了',
      body: '捡漏内部出错。请稍后从企业微信群的提醒里重新打开链接，查看结果或重试。',
    },
    release_unsupported: {
      title: '这里不能放弃名额',
      body: '这个报名网站不允许自己取消报名，这个链接不会做任何操作。如果不想要这个名额，请直接联系主办方。',
    },
  },
  wrongAction: (linkAction) =>
    linkAction === 'approve'
      ? '这个链接只能用来确认报名，不能用来放弃名额。'
      : '这个链接只能用来放弃名额，不能用来确认报名。',
  usedAt: (at) => `使用时间：${at}`,
  // r4-bounds-relay: a decision cut off by jianlou stopping.
  interrupted: {
    title: '没有办成：捡漏正在关闭',
    body: '这次操作被中断了，没有办成，名额仍然保留着。请过几分钟从企业微信群的提醒里重新打开链接，再点一次按钮。',
  },
});
