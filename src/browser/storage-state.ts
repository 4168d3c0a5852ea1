import type { BrowserContext } from 'playwright';

/** A saved session (cookies and localStorage per origin), in Playwright's storage-state shape. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
