import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flowRecordCommand } from '../../src/cli/flow-record.js';
import { buildProgram } from '../../src/cli/main.js';
import { BadInputError } from '../../src/core/errors.js';
import { familyFolder } from './record-kit.js';

/** Bad input is refused before any browser starts, each with what to do next (exit 2). */
describe('jianlou flow record: bad input', () => {
  const { dir, config } = familyFolder('http://127.0.0.1:9');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const record = (file: string, account: string, opts = {}) =>
    flowRecordCommand(file, account, { yes: true, ...opts });

  it('a missing config says to run it in the family folder', async () => {
    await expect(record(join(dir, 'nope.yaml'), 'mom')).rejects.toThrow(
      /not found — run jianlou flow record in the family's folder/,
    );
  });

  it('a placeholder address, an unknown account, a bad name, an existing flow', async () => {
    const placeholder = join(dir, 'placeholder.yaml');
    writeFileSync(
      placeholder,
      readFileSync(config, 'utf8').replace('http://127.0.0.1:9', 'https://portal.example'),
    );
    await expect(record(placeholder, 'mom')).rejects.toThrow(/portal\.baseUrl .* is not filled in/);
    await expect(record(config, 'dad')).rejects.toThrow(/no account "dad" .*add it under accounts/);
    await expect(record(config, 'mom', { name: 'My Flow' })).rejects.toThrow(BadInputError);
    mkdirSync(join(dir, 'flows'), { recursive: true });
    writeFileSync(join(dir, 'flows', 'taken.ts'), '// mine\n');
    await expect(record(config, 'mom', { name: 'taken' })).rejects.toThrow(
      /exists: pick another --name, or add --force/,
    );
    expect(readFileSync(join(dir, 'flows', 'taken.ts'), 'utf8')).toBe('// mine\n');
  });

  it('is a subcommand of flow, beside try, with its options in the help', () => {
    const flow = buildProgram().commands.find((c) => c.name() === 'flow');
    const record = flow?.commands.find((c) => c.name() === 'record');
    expect(flow?.commands.map((c) => c.name())).toEqual(['try', 'record']);
    expect(record?.options.map((o) => o.long)).toEqual([
      '--name',
      '--course',
      '--yes',
      '--force',
      '--save-recording',
      '--no-try',
    ]);
  });
});
