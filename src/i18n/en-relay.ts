import type { RelayMessages } from './types.js';

/** The relayed login page (issue 15). */
export const enRelay: RelayMessages = {
  title: 'Log in again',
  hint: 'Tap a field on the picture, then type below and send. The picture refreshes every second.',
  typePlaceholder: 'Type here; it goes to the selected field',
  send: 'Send',
  keys: { Enter: 'Enter', Backspace: '⌫', Tab: 'Tab' },
  up: 'Up',
  down: 'Down',
  reload: 'Reload',
  cancel: 'Cancel',
  states: {
    in_use:
      'Another phone is logging in with this link. Finish there, or open the link from the alert again later.',
    open: '',
    saved: '✓ Logged in; the session is saved. jianlou checks again now; you may close this page.',
    closed: 'This login page is closed. Open the link from the alert again when needed.',
  },
  notices: {
    invalid: {
      title: 'Invalid link',
      body: 'The link is incomplete or was changed. Go back to the group and open the link in the alert again.',
    },
    expired: {
      title: 'Link expired',
      body: 'This login link has expired. Wait for the next alert in the group (it brings a new link), or ask whoever looks after the computer for a new one.',
    },
    used: { title: 'Already logged in', body: 'This link was used and the session is saved.' },
    in_use: {
      title: 'In use on another phone',
      body: 'One phone at a time: finish on that phone, or try again later.',
    },
    busy: {
      title: 'Not available right now',
      body: 'Too many login pages are open; try again in a few minutes.',
    },
    unknown_account: { title: 'Unknown account', body: 'The config has no such account.' },
    failed: {
      title: 'Could not open the login page',
      body: 'The login page did not open this time. Open the link in the alert again in a few minutes, or ask whoever looks after the computer to log in there.',
    },
  },
  // r3b-phone-demo (issue 29 item 11): the typing box's show/hide button.
  reveal: { show: 'Show', hide: 'Hide' },
};
