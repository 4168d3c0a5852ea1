import { loadConfig } from '../config/load.js';
import { notBuilt } from './not-built.js';

export async function checkCommand(configFile: string, _opts: unknown): Promise<void> {
  loadConfig(configFile);
  notBuilt('check');
}
