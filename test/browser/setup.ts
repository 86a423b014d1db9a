// Per-file set-up: a server (shared demo data) and a browser; QPV_ATLAS_BROWSER_URL points the tests at a
// server already running instead (handy while developing the client).
import type { Browser } from 'playwright-core';
import { launchBrowser, startAtlas, type AtlasServer } from './server.ts';

export interface Harness { base: string; browser: Browser; close(): Promise<void> }

/** Returns the base URL of a running server and a launched browser. */
export async function harness(): Promise<Harness> {
  let server: AtlasServer | null = null;
  const base = process.env.QPV_ATLAS_BROWSER_URL ?? (server = await startAtlas()).url;
  const browser = await launchBrowser();
  return { base, browser, close: async () => { await browser.close(); await server?.close(); } };
}
