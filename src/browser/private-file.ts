import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file atomically with mode 0600 (write a temp file beside it, then rename), so a crash
 * never leaves a half-written session and nobody else can read the cookies. Its own module so
 * that code which must not load Playwright (src/browser/fetch-request.ts) can use it.
 */
export async function writePrivateFile(path: string, contents: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, contents, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
