import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startWorld } from './harness.js';

const cjk = /[\u3000-\u9fff\uff00-\uffef]/;
/** A token that stands for a secret: it must never be said back. */
const TOKEN = 'tok-must-not-echo-77';

// r4-surges-import (issue 29): the rarer errors a person meets from `login --import`, said by the
// CLI in the config's language — Chinese under zh, English under en — and never with a value in them.
describe('login --import: its rarer errors in the config language', () => {
  let world: CliWorld;
  const setLocale = (locale: 'zh' | 'en') =>
    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replace(/^locale: \w+$/m, `locale: ${locale}`),
    );
  const file = (name: string, text: string) => {
    const path = join(world.dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Each case: the `--import` argument (or extra flags) and what zh and en say. */
  function cases() {
    const notes = file('notes.txt', 'x');
    const broken = file('broken.json', `{"cookies": [{"name": "sid", "value": "${TOKEN}"`);
    const empty = file('empty-ls.json', '{"localStorage": {}}');
    const notState = file('not-state.json', `{"cookies": [{"name": "sid", "value": "${TOKEN}"}]}`);
    return [
      {
        args: ['--import', join(notes, 'inside')],
        zh: `读不了 ${join(notes, 'inside')}（系统代码 ENOTDIR）`,
        en: `cannot read ${join(notes, 'inside')} (system code ENOTDIR)`,
      },
      {
        args: ['--import', `{"cookies": [{"value": "${TOKEN}"`],
        zh: '给的登录状态以 { 开头，却不是完整的 JSON',
        en: 'the given session looks like JSON but does not parse',
      },
      {
        args: ['--import', broken],
        zh: `${broken} 里的登录状态以 { 开头，却不是完整的 JSON`,
        en: `${broken} looks like JSON but does not parse`,
      },
      {
        args: ['--import', `{"localStorage": {"jl_token": "${TOKEN}"}, "cookie": ";"}`],
        zh: 'Cookie 请求头里一个 Cookie 也没有',
        en: 'the Cookie header holds no cookies',
      },
      {
        args: ['--import', empty],
        zh: `${empty} 里的登录状态的 "localStorage" 是空的`,
        en: `${empty}: "localStorage" holds no entry`,
      },
      {
        args: ['--import', '{"localStorage": {"jl_token": 7}}'],
        zh: '给的登录状态格式不对（问题在 localStorage.jl_token）',
        en: 'the given session: expected { "localStorage"',
      },
      {
        args: ['--import', notState],
        zh: `${notState} 里的登录状态不是 Playwright 登录状态文件（问题在 cookies.0.domain`,
        en: `${notState} is not a Playwright storage-state file (problem at cookies.0.domain`,
      },
      {
        args: ['--import', notState, '--scripted'],
        zh: '--import 和 --scripted 只能选一个',
        en: 'use either --import FILE or --scripted, not both',
      },
      {
        args: ['--remote', '--import', notState],
        zh: '--remote 不能和 --import 或 --scripted 一起用',
        en: '--remote cannot be combined with --import or --scripted',
      },
    ];
  }

  it('says each in Chinese under zh, with no English sentence and no value echoed', async () => {
    setLocale('zh');
    for (const c of cases()) {
      const r = await world.cli('login', 'mom', ...c.args);
      expect(r.code, c.zh).toBe(2);
      expect(r.stderr).toContain(`jianlou: ${c.zh}`);
      expect(r.stderr).not.toContain(TOKEN);
      // Paths, flags and field names stay as they are; no English words beyond them.
      const said = r.stderr.replace(world.dir, '').replace(/[\w./-]+\.(json|txt)\S*/g, '');
      expect(said, said).not.toMatch(/\b(cannot|holds|looks|expected|problem|either|combined)\b/);
      expect(said).toMatch(cjk);
    }
  }, 300_000);

  it('says the same in English under en', async () => {
    setLocale('en');
    for (const c of cases()) {
      const r = await world.cli('login', 'mom', ...c.args);
      expect(r.code, c.en).toBe(2);
      expect(r.stderr).toContain(`jianlou: ${c.en}`);
      expect(r.stderr).not.toContain(TOKEN);
      expect(r.stderr).not.toMatch(cjk);
    }
  }, 300_000);

  it('a saved session that cannot be read: said in the config language by the check', async () => {
    // The account's saved session is a folder: reading it fails (EISDIR), a bad input, not a login.
    mkdirSync(join(world.dir, 'storage-state', 'mom.json'), { recursive: true });
    setLocale('zh');
    const zh = await world.cli('check', '--dry-run');
    expect(zh.stdout).toContain('详情：读不了保存的登录状态');
    expect(zh.stdout).toContain('系统代码 EISDIR');
    expect(zh.stdout).not.toContain('cannot read the saved session');
    setLocale('en');
    const en = await world.cli('check', '--dry-run');
    expect(en.stdout).toContain('cannot read the saved session');
  }, 300_000);
});
