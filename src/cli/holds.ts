import { notBuilt } from './not-built.js';

export async function holdsCommand(..._args: unknown[]): Promise<void> {
  notBuilt('holds');
}
