import { notBuilt } from './not-built.js';

export async function portalCommand(..._args: unknown[]): Promise<void> {
  notBuilt('portal');
}
