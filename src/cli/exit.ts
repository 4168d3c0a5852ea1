/**
 * Thrown by a command to end the process with a given code after printing nothing more. Lives apart
 * from main.ts so that commands never import the entry point that imports them.
 */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
