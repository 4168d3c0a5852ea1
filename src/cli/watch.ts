import { notBuilt } from './not-built.js';

export async function watchCommand(..._args: unknown[]): Promise<void> {
  notBuilt('watch');
}
