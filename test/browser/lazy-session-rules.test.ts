import { describe, expect, it } from 'vitest';
import {
  awaitingProxy,
  beforeLaunch,
  callOn,
  member,
  onDemand,
  requestMember,
  sharedPage,
  trimBaseUrl,
} from '../../src/browser/lazy-session-rules.js';

/**
 * The lazy session's decisions without a browser (issue 26, test strength): what a member of a
 * context not launched yet answers, which request members are counted, the browser side opened once
 * and tried again after a failed start, the page the steps share. Plain objects and promises only;
 * the shell that launches Chromium is tested in test/browser/lazy-session.test.ts.
 */

describe('a member of the context before a launch', () => {
  it('has no pages, workers or browser yet, and says what it is', () => {
    const answer = (prop: string) => {
      const meaning = beforeLaunch(prop);
      expect(meaning.act).toBe('answer');
      return (meaning as { value: () => unknown }).value();
    };
    expect(answer('pages')).toEqual([]);
    expect(answer('backgroundPages')).toEqual([]);
    expect(answer('serviceWorkers')).toEqual([]);
    expect(answer('browser')).toBeNull();
    expect(answer('toString')).toBe('[BrowserContext, not launched yet]');
  });

  it('looking at it (await, JSON, printing, matchers, symbols) answers undefined', () => {
    for (const prop of ['then', 'toJSON', 'constructor', 'valueOf', 'asymmetricMatch', 'nodeType']) {
      expect(beforeLaunch(prop)).toEqual({ act: 'answer', value: undefined });
    }
    expect(beforeLaunch(Symbol.iterator)).toEqual({ act: 'answer', value: undefined });
    expect(beforeLaunch(Symbol.toPrimitive)).toEqual({ act: 'answer', value: undefined });
  });

  it('its request is the API side', () => {
    expect(beforeLaunch('request')).toEqual({ act: 'request' });
  });

  it('listeners and default timeouts are applied once it exists', () => {
    for (const prop of [
      'on',
      'once',
      'addListener',
      'prependListener',
      'off',
      'removeListener',
      'removeAllListeners',
      'setDefaultTimeout',
      'setDefaultNavigationTimeout',
    ]) {
      expect(beforeLaunch(prop)).toEqual({ act: 'defer' });
    }
  });

  it('tracing and the clock are objects whose calls launch', () => {
    expect(beforeLaunch('tracing')).toEqual({ act: 'nested' });
    expect(beforeLaunch('clock')).toEqual({ act: 'nested' });
  });

  it('anything else launches, even a name an empty object inherits', () => {
    for (const prop of ['cookies', 'addCookies', 'newPage', 'storageState', 'close', 'hasOwnProperty', '']) {
      expect(beforeLaunch(prop)).toEqual({ act: 'launch' });
    }
  });
});

describe('a member of ctx.request', () => {
  const fn = () => undefined;

  it("the flow's dispose (either way) is its own no-op", () => {
    expect(requestMember('dispose', fn)).toBe('no-dispose');
    expect(requestMember(Symbol.asyncDispose, fn)).toBe('no-dispose');
  });

  it('each method that sends is counted', () => {
    for (const prop of ['fetch', 'get', 'post', 'put', 'patch', 'delete', 'head']) {
      expect(requestMember(prop, fn)).toBe('send');
    }
  });

  it('a sending name that is not a method, and every other member, is passed through', () => {
    expect(requestMember('get', undefined)).toBe('as-is');
    expect(requestMember('get', 'text')).toBe('as-is');
    expect(requestMember('storageState', fn)).toBe('as-is');
    expect(requestMember(Symbol.iterator, fn)).toBe('as-is');
    expect(requestMember('then', undefined)).toBe('as-is');
  });
});

describe('members handed out by a proxy', () => {
  class Counter {
    n = 2;
    add(x: number) {
      return this.n + x;
    }
  }

  it('a method stays bound to its object, a value is the value', () => {
    const counter = new Counter();
    const add = member(counter, 'add') as (x: number) => number;
    expect(add(3)).toBe(5);
    expect(member(counter, 'n')).toBe(2);
    expect(member(counter, 'missing')).toBeUndefined();
  });

  it('callOn awaits the object, then calls its method with the arguments', async () => {
    expect(await callOn(async () => new Counter(), 'add', [40])).toBe(42);
  });

  it('an awaiting proxy calls the real method once the object is there; looking at it calls nothing', async () => {
    let asked = 0;
    const proxy = awaitingProxy(async () => {
      asked += 1;
      return new Counter();
    }) as Record<string | symbol, unknown>;
    expect(await (proxy.add as (x: number) => Promise<number>)(1)).toBe(3);
    expect(asked).toBe(1);
    expect(proxy.then).toBeUndefined();
    expect(proxy.toJSON).toBeUndefined();
    expect(proxy[Symbol.toStringTag]).toBeUndefined();
    expect(await Promise.resolve(proxy)).toBe(proxy);
    expect(asked).toBe(1);
  });
});

describe('the browser side, opened on demand', () => {
  it('opens nothing until asked; the first ask opens it, later asks share it', async () => {
    let opens = 0;
    const side = onDemand(async () => {
      opens += 1;
      return { n: opens };
    });
    expect(side.current()).toBeUndefined();
    expect(await side.settled()).toBeUndefined();
    expect(opens).toBe(0);
    const [a, b] = await Promise.all([side.get(), side.get()]);
    expect(a).toEqual({ n: 1 });
    expect(b).toBe(a);
    expect(await side.get()).toBe(a);
    expect(side.current()).toBe(a);
    expect(await side.settled()).toBe(a);
    expect(opens).toBe(1);
  });

  it('what is being opened is not current until it is open; settled() waits for it', async () => {
    let finish: (value: string) => void = () => {};
    const side = onDemand(() => new Promise<string>((resolve) => (finish = resolve)));
    const asked = side.get();
    expect(side.current()).toBeUndefined();
    const settled = side.settled();
    finish('context');
    expect(await settled).toBe('context');
    expect(await asked).toBe('context');
  });

  it('a failed opening fails its asks, is not current, and is tried again on the next ask', async () => {
    let opens = 0;
    const side = onDemand(async () => {
      opens += 1;
      if (opens < 3) throw new Error(`no Chromium (attempt ${opens})`);
      return 'context';
    });
    await expect(side.get()).rejects.toThrow('no Chromium (attempt 1)');
    expect(side.current()).toBeUndefined();
    expect(await side.settled()).toBeUndefined();
    await expect(side.get()).rejects.toThrow('no Chromium (attempt 2)');
    expect(await side.get()).toBe('context');
    expect(side.current()).toBe('context');
    expect(opens).toBe(3);
  });

  it('settled() waits for a failing opening and answers undefined, never the error', async () => {
    let fail: (error: Error) => void = () => {};
    const side = onDemand(() => new Promise<string>((_resolve, reject) => (fail = reject)));
    const asked = side.get().catch((error: unknown) => error);
    const settled = side.settled();
    fail(new Error('launch timed out'));
    expect(await settled).toBeUndefined();
    expect(((await asked) as Error).message).toBe('launch timed out');
  });
});

describe('the page the steps share', () => {
  class FakePage {
    closed = false;
    closes = 0;
    constructor(readonly n: number) {}
    isClosed() {
      return this.closed;
    }
    async close() {
      this.closes += 1;
      this.closed = true;
    }
  }

  function pages(fail: (n: number) => boolean = () => false) {
    const made: FakePage[] = [];
    let attempts = 0;
    const shared = sharedPage(async () => {
      attempts += 1;
      if (fail(attempts)) throw new Error(`no page (attempt ${attempts})`);
      const page = new FakePage(attempts);
      made.push(page);
      return page;
    });
    return { shared, made, attempts: () => attempts };
  }

  it('one page for every step while it is open, also for steps asking at once', async () => {
    const { shared, made } = pages();
    const [a, b] = await Promise.all([shared.get(), shared.get()]);
    expect(b).toBe(a);
    expect(await shared.get()).toBe(a);
    expect(made).toHaveLength(1);
  });

  it('a page the flow closed is replaced by a new one', async () => {
    const { shared, made } = pages();
    const first = await shared.get();
    await first.close();
    const second = await shared.get();
    expect(second).not.toBe(first);
    expect(second.n).toBe(2);
    expect(made).toHaveLength(2);
  });

  it('a page that failed to open is tried again on the next ask', async () => {
    const { shared } = pages((n) => n === 1);
    await expect(shared.get()).rejects.toThrow('no page (attempt 1)');
    expect((await shared.get()).n).toBe(2);
  });

  it('close() closes the open page once; the next ask opens a new one', async () => {
    const { shared } = pages();
    const page = await shared.get();
    await shared.close();
    expect(page.closes).toBe(1);
    await shared.close();
    expect(page.closes).toBe(1);
    const next = await shared.get();
    expect(next.n).toBe(2);
    expect(next.closes).toBe(0);
  });

  it('close() leaves a page the flow already closed alone, and one that failed to open', async () => {
    const { shared } = pages((n) => n === 2);
    const page = await shared.get();
    await page.close();
    await shared.close();
    expect(page.closes).toBe(1);
    await expect(shared.get()).rejects.toThrow('no page (attempt 2)');
    await expect(shared.close()).resolves.toBeUndefined();
  });

  it('close() with no page ever asked for does nothing', async () => {
    const { shared, attempts } = pages();
    await shared.close();
    expect(attempts()).toBe(0);
  });
});

describe('the base URL', () => {
  it('loses its trailing slashes, and only those', () => {
    expect(trimBaseUrl('http://127.0.0.1:8080///')).toBe('http://127.0.0.1:8080');
    expect(trimBaseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(trimBaseUrl('http://portal.test/app/')).toBe('http://portal.test/app');
    expect(trimBaseUrl('http://portal.test/app')).toBe('http://portal.test/app');
  });
});
