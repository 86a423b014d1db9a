// Shared set-up of the browser tests: builds the client once (vite), starts the real server on the demo
// territory on a free port (the demo data dir is shared by the test files of one run, so ingest happens once),
// and launches Debian's chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../server/config.ts';

const WORK = join(tmpdir(), 'qpv-atlas-browser');
// One store per test run (the vitest process is every test worker's parent), shared by the run's test
// files: a store left by an earlier run, ingested by older code, must not stand in for today's ingest.
const DATA_DIR = join(WORK, `data-${process.ppid}`);
const LOCK = join(WORK, 'lock');
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Runs `fn` while holding a directory lock (mkdir is atomic), so parallel test files build/ingest once. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(WORK, { recursive: true });
  const start = Date.now();
  for (;;) {
    try { mkdirSync(LOCK); break; } catch {
      if (Date.now() - start > 300_000) rmSync(LOCK, { recursive: true, force: true }); // a crashed run left it
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try { return await fn(); } finally { rmSync(LOCK, { recursive: true, force: true }); }
}

/** Builds dist/client with vite unless it is newer than every client source. */
async function buildClient(): Promise<void> {
  const index = join(PROJECT_ROOT, 'dist', 'client', 'index.html');
  const sources = Math.max(newestMtime(join(PROJECT_ROOT, 'client')), statSync(join(PROJECT_ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  const { build } = await import('vite');
  await build({ configFile: join(PROJECT_ROOT, 'vite.config.ts'), root: join(PROJECT_ROOT, 'client'), logLevel: 'warn' });
  writeFileSync(join(WORK, 'built-at'), new Date().toISOString());
}

export interface AtlasServer { url: string; close(): Promise<void>; log(): string }

/** Starts `serve --demo` on a free port once the client is built; resolves when the server says it is ready. */
export async function startAtlas(): Promise<AtlasServer> {
  return withLock(async () => {
    await buildClient();
    for (const e of readdirSync(WORK)) {
      const p = join(WORK, e);
      if (e.startsWith('data') && p !== DATA_DIR && Date.now() - statSync(p).mtimeMs > 3_600_000) rmSync(p, { recursive: true, force: true });
    }
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/adapters/cli/main.ts'), 'serve', '--demo', '--port', '0', '--data-dir', DATA_DIR], {
      cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QPV_ATLAS_PORT: '0' },
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server not ready after 240 s:\n${out}`)), 240_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /https?:\/\/[\w.\-]+:(\d+)\//.exec(out);
        if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${out}`)); });
    });
    return {
      url,
      log: () => out,
      close: () => new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
    };
  });
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Launches Debian's chromium (playwright-core gives each launch a fresh, temporary user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export interface WatchedPage { page: Page; context: BrowserContext; errors: string[] }

/** Opens a page at 1280×800 collecting console errors, page errors and failed API requests; `prepare` runs before navigation (routes). */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 800 }, prepare?: (page: Page) => Promise<void>): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  await prepare?.(page);
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  await page.goto(url);
  return { page, context, errors };
}

/** Waits for the map's first render with perimeters drawn; returns the client's measure (ms since navigation start). */
export async function waitFirstRender(page: Page, timeout = 60_000): Promise<number> {
  await page.waitForFunction(() => document.body.dataset.firstRender !== undefined, undefined, { timeout });
  return Number(await page.evaluate(() => document.body.dataset.firstRender));
}

/** Waits until every map of the page is idle (tiles loaded, nothing animating). */
export async function waitIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForTimeout(100);
  await page.waitForFunction(() => {
    const a = window.atlas;
    return !!a && a.ctx.maps().every((m) => m.map.loaded() && m.map.areTilesLoaded() && !m.map.isMoving());
  }, undefined, { timeout, polling: 200 });
  await page.waitForTimeout(250);
}

/** Saves a screenshot under test-output/screenshots and returns its PNG bytes. */
export async function screenshot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), clip });
}

/** Returns a temp dir for downloads. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
