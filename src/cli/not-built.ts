import { JianlouError } from '../core/errors.js';

export class NotBuiltError extends JianlouError {
  override name = 'NotBuiltError';
  override readonly code: string = 'E_NOT_BUILT';
}

export function notBuilt(command: string): never {
  throw new NotBuiltError(`\`jianlou ${command}\` is not built yet in this version`);
}
