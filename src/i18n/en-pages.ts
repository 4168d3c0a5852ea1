import type { Schedule } from '../core/types.js';
import type { PageMessages } from './types.js';

/** The approval pages; `weekdays` and `schedule` are the catalogue's own. */
export const enPages = (weekdays: readonly string[], schedule: (s: Schedule) => string): PageMessages => ({
  lang: 'en',
  appName: 'jianlou',
  weekdays,
  schedule,
  fields: {
    child: 'Child',
    course: 'Course',
    schedule: 'Schedule',
    campus: 'Campus',
    fee: 'Fee',
    seats: 'Seats left',
    holdUntil: 'Seat held until',
    timeLeft: 'Time left',
    order: 'Order number',
    decision: 'Decision',
  },
  fee: (yuan) => `¥${yuan}`,
  seats: (n) => `${n}`,
  holdUntilUnknown: (kind) =>
    !kind.expires
      ? 'the portal keeps it until you decide'
      : kind.kind === 'cart'
        ? 'see the cart in the official app'
        : 'see the portal',
  timeLeftOver: 'expired',
  confirm: {
    pageTitle: 'Please confirm',
    headline: (action, kind) =>
      action === 'release' ? 'Give the seat up' : kind.kind === 'cart' ? 'Enrol' : 'Keep the registration',
    note: (action, kind) => {
      if (action === 'release') return '(the seat goes back to the portal for another family)';
      const step = kind.kind === 'cart' ? 'submits the order' : 'keeps the registration';
      const then = {
        payment: 'then pay in the official app',
        review: "then it waits for the organiser's review; free, nothing to pay",
        none: 'nothing to pay',
      }[kind.after];
      return `(${step}; ${then})`;
    },
    button: (action, kind) =>
      action === 'release' ? 'Give the seat up' : kind.kind === 'cart' ? 'Enrol' : 'Keep the registration',
    safety: 'Nothing happens until you press the button; closing this page does nothing.',
  },
  status: {
    held: 'waiting for a decision',
    approved: 'enrolled',
    released: 'given up',
    expired: 'hold expired',
    failed: 'failed',
  },
  decidedLine: (status, by, at) =>
    `${status.charAt(0).toUpperCase()}${status.slice(1)}${by ? ` by ${by}` : ''}${at ? `, ${at}` : ''}`,
  approved: {
    title: (kind) =>
      kind.kind === 'registration'
        ? 'Registration kept'
        : kind.after === 'payment'
          ? 'Order submitted'
          : 'Enrolment submitted',
    followUp: (kind) =>
      ({
        payment:
          kind.kind === 'cart'
            ? 'Please pay in the official app; unpaid orders are cancelled by the portal.'
            : 'Please pay in the official app; unpaid registrations are cancelled by the portal.',
        review:
          "The registration is kept and waits for the organiser's review; it is free, nothing to pay. Watch the portal for the result.",
        none: 'The seat is yours; nothing to pay.',
      })[kind.after],
    noOrderNumber: 'see "My orders" in the official app for the order number',
  },
  released: { title: 'Seat given up', body: 'The seat went back to the portal for another family.' },
  alreadyDecided: { title: 'This seat was already decided', body: 'Nothing more to do.' },
  holdExpired: {
    title: 'The hold has expired',
    body: (kind) =>
      `${kind.kind === 'cart' ? 'The cart hold' : "The portal's hold"} ran out and the seat went back. Wait for the next alert if you still want it.`,
  },
  portalError: {
    title: 'The portal failed; nothing was done',
    reason: (detail) => `Reason: ${detail}`,
    stillHeld: (until, kind) =>
      kind.kind === 'cart'
        ? until
          ? `The seat stays in the cart until ${until}.`
          : 'The seat stays in the cart.'
        : until
          ? `The registration stays held until ${until}.`
          : 'The registration stays held until you decide.',
    nextSteps: (holdId, action, kind) => [
      'In a minute or two, open the link from the WeCom alert again and retry;',
      kind.kind === 'cart'
        ? 'or submit or cancel it in the cart of the official app;'
        : kind.release
          ? 'or confirm or cancel the registration on the portal;'
          : 'or look at the registration on the portal;',
      `or, on the computer running jianlou: jianlou holds ${action} ${holdId}`,
    ],
  },
  notices: {
    invalid_link: {
      title: 'Invalid link',
      body: 'The link is incomplete or was changed. Open it again from the alert in the WeCom group.',
    },
    link_expired: {
      title: 'Link expired',
      body: 'This link is too old. See the latest alert in the WeCom group.',
    },
    already_used: { title: 'Link already used', body: 'Each link works once; nothing was submitted twice.' },
    wrong_action: {
      title: 'Wrong link for this action',
      body: 'Use the matching link from the WeCom alert.',
    },
    stale_form: {
      title: 'Page out of date',
      body: 'Open the link from the WeCom alert again, then press the button.',
    },
    not_found: {
      title: 'Seat not found',
      body: 'There is no record of this hold any more. See the latest alert in the WeCom group.',
    },
    rate_limited: { title: 'Too many requests', body: 'Please try again in a minute.' },
    too_large: { title: 'Request too large', body: 'Open the link from the WeCom alert again.' },
    bad_request: { title: 'Bad request', body: 'Open the link from the WeCom alert again.' },
    server_error: {
      title: 'Something went wrong',
      body: 'jianlou failed internally. Open the link from the WeCom alert again in a while to see the result or retry.',
    },
    release_unsupported: {
      title: 'This seat cannot be given up here',
      body: 'This portal does not let you cancel a registration yourself, so this link does nothing. If you no longer want the seat, contact the organiser.',
    },
  },
  wrongAction: (linkAction) =>
    linkAction === 'approve'
      ? 'This link can only enrol, not give the seat up.'
      : 'This link can only give the seat up, not enrol.',
  usedAt: (at) => `Used at ${at}`,
  // r4-bounds-relay: a decision cut off by jianlou stopping.
  interrupted: {
    title: 'Not done: jianlou is shutting down',
    body: 'This was cut off and not done; the seat is still held. In a few minutes, open the link from the WeCom alert again and tap the button once more.',
  },
});
