import { notBuilt } from './not-built.js';

export async function demoCommand(..._args: unknown[]): Promise<void> {
  notBuilt('demo');
}
