/**
 * Regenerates docs/screenshots/status-phone.png and status-desktop.png: the status page over 14 days
 * of synthetic history, in real Chromium (the tests take the same pictures into test-results/).
 * Run: npm run pictures
 */
import { launchBrowser } from '../src/browser/launch.js';
import { DOCS_SHOTS } from '../test/pictures/shots.js';
import { statusPictures } from '../test/status/status-shots.js';

const browser = await launchBrowser();
try {
  console.log(`wrote ${(await statusPictures(browser, DOCS_SHOTS)).join(', ')}`);
} finally {
  await browser.close();
}
