import { describe, expect, it } from 'vitest';
import { qrFor } from '../../src/cli/login.js';

// Issue 29 item 12: login --remote draws its QR code only when stdout is a terminal.
describe('the login link QR code', () => {
  it('is drawn on a terminal, and left out when stdout is a pipe or a file', async () => {
    expect(qrFor({ isTTY: false })).toBeUndefined();
    expect(qrFor({})).toBeUndefined();
    const qr = qrFor({ isTTY: true });
    expect(await qr?.('http://127.0.0.1:8787/login/abc')).toMatch(/[▀▄█]{5,}/);
  });
});
