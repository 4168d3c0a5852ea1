import { describe, expect, it } from 'vitest';
import { statusMessagesFor } from '../../src/approve/status-text/status-messages.js';
import { en } from '../../src/i18n/en.js';
import { zh } from '../../src/i18n/zh.js';

/** Every leaf of a catalogue as path → value (functions and strings; arrays by index). */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      for (const [p, v] of leaves(child, path ? `${path}.${key}` : key)) out.set(p, v);
    }
  } else {
    out.set(path, value);
  }
  return out;
}

/** Strings empty on purpose: a state or delivery with nothing to say, nothing else. */
const EMPTY_ON_PURPOSE = new Set(['relay.states.open', 'delivery.unknown']);

describe('the message catalogue', () => {
  it.each([
    ['alerts, pages, relay, holds, CLI', zh, en],
    ['status page', statusMessagesFor('zh'), statusMessagesFor('en')],
  ])('%s: zh and en have the same keys, and no text is empty', (_name, a, b) => {
    const za = leaves(a);
    const eb = leaves(b);
    expect([...za.keys()].sort()).toEqual([...eb.keys()].sort());
    for (const [path, value] of [...za, ...eb]) {
      if (EMPTY_ON_PURPOSE.has(path)) continue;
      expect(typeof value === 'function' || (typeof value === 'string' && value !== ''), path).toBe(true);
    }
  });
});
