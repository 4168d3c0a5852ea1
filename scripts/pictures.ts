/**
 * Regenerates the README's pictures of the demo portal and the approval page in docs/screenshots/
 * (the tests take the same pictures into the git-ignored test-results/screenshots/).
 * Run: npm run pictures (which also runs scripts/demo-pictures.ts for the two demo pictures).
 */
import { launchBrowser } from '../src/browser/launch.js';
import { startPortal } from '../src/portal/server.js';
import { approvalPictures, DOCS_SHOTS, portalPictures } from '../test/pictures/shots.js';

const [browser, portal] = await Promise.all([launchBrowser(), startPortal({ testMode: true })]);
try {
  const written = [
    ...(await portalPictures(browser, portal.url, DOCS_SHOTS)),
    ...(await approvalPictures(browser, DOCS_SHOTS)),
  ];
  console.log(`wrote ${written.join(', ')}`);
} finally {
  await Promise.all([browser.close(), portal.close()]);
}
