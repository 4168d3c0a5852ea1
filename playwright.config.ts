/**
 * Browser and context settings for Playwright's own tools (`npx playwright …`). The source is the
 * product's module src/browser/settings.ts; this file only re-exports it, and nothing in src/ reads it.
 */
import { browserSettings } from './src/browser/settings.js';

export { LAUNCH_ARGS } from './src/browser/settings.js';
export default browserSettings;
