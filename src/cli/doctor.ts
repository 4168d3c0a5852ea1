import { notBuilt } from './not-built.js';

export async function doctorCommand(..._args: unknown[]): Promise<void> {
  notBuilt('doctor');
}
