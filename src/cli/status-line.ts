import type { LoginProgress } from '../browser/login.js';

/** Where the login command writes: a terminal (rewrites a status line in place) or a pipe / file. */
export interface LineStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface LineWriter {
  /** A line that stays: one event. */
  line(text: string): void;
  /** A countdown: rewritten in place on a terminal; in a pipe or log file, a line every `pipeEveryMs`. */
  progress(p: LoginProgress): void;
  /** Ends a pending countdown line so what follows starts on a fresh line. */
  end(): void;
}

export function createLineWriter(stream: LineStream, pipeEveryMs = 30_000): LineWriter {
  let statusShown = false;
  let lastPipedMs: number | undefined;
  const clear = () => {
    if (!statusShown) return;
    stream.write('\r\x1b[2K');
    statusShown = false;
  };
  return {
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
    progress({ line, remainingMs }) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line}`);
        statusShown = true;
        return;
      }
      // A log gets the first countdown, then one per step: enough to see it is waiting, not a flood.
      if (lastPipedMs !== undefined && lastPipedMs - remainingMs < pipeEveryMs) return;
      lastPipedMs = remainingMs;
      stream.write(`${line}\n`);
    },
    end: clear,
  };
}
