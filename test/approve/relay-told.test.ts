import { describe, expect, it } from 'vitest';
import { createSavedNotice } from '../../src/approve/relay-told.js';

/** "The phone heard that its session was saved" (issue 29 item 7): what login --remote waits for. */
describe('createSavedNotice', () => {
  it('a waiter is woken with true when the phone is told', async () => {
    const notice = createSavedNotice();
    const seen = notice.seen(5000);
    notice.tell();
    expect(await seen).toBe(true);
  });
  it('once told, a later wait is true at once', async () => {
    const notice = createSavedNotice();
    notice.tell();
    notice.tell();
    expect(await notice.seen(0)).toBe(true);
  });
  it('nobody told: the wait ends false after its time, and a later tell wakes nothing stale', async () => {
    const notice = createSavedNotice();
    expect(await notice.seen(10)).toBe(false);
    const again = notice.seen(5000);
    notice.tell();
    expect(await again).toBe(true);
  });
});
