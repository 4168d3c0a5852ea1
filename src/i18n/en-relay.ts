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
      body: 'Use the whole link from the alert, or run jianlou login on a computer.',
    },
    expired: {
      title: 'Link expired',
      body: 'Wait for the next alert, or run jianlou login ACCOUNT --remote for a new link.',
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
      body: 'The browser did not start; try again later, or run jianlou login on a computer.',
    },
  },
  // r3b-phone-demo (issue 29 item 11): the typing box's show/hide button.
  reveal: { show: 'Show', hide: 'Hide' },
};
