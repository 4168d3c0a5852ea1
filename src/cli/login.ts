import { notBuilt } from './not-built.js';

export async function loginCommand(..._args: unknown[]): Promise<void> {
  notBuilt('login');
}
