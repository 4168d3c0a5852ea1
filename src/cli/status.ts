import { notBuilt } from './not-built.js';

export async function statusCommand(..._args: unknown[]): Promise<void> {
  notBuilt('status');
}
