// Shared test helpers: temp data directories, the real extracts, a running API server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { resolveSharedDataDir } from '../server/config.ts';
import { createApp } from '../server/adapters/http/app.ts';
import { initGeos } from '../server/domain/geometry/geos.ts';

/** Path of a real extract under the shared data directory. */
export const shared = (rel: string) => join(resolveSharedDataDir(), rel);

/** A fresh temporary directory. */
export const tempDir = (prefix = 'atlas-test-') => mkdtempSync(join(tmpdir(), prefix));

/** Starts the API on a free port over a data directory; returns its base URL and a stop function. */
export async function startApi(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  await initGeos();
  const { app, close } = createApp({ dataDir });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => { close(); resolve(); })),
  };
}
