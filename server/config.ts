// Where the store and the real data extracts live. Reads the environment only; no other I/O.
import { homedir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The store directory: --data-dir, then QPV_ATLAS_DATA_DIR, then ~/.qpv-atlas. */
export function resolveDataDir(flag?: string): string {
  return resolve(flag ?? process.env.QPV_ATLAS_DATA_DIR ?? join(homedir(), '.qpv-atlas'));
}

/** The real data extracts (../shared/data by default): --shared-data, then QPV_ATLAS_SHARED_DATA. */
export function resolveSharedDataDir(flag?: string): string {
  return resolve(flag ?? process.env.QPV_ATLAS_SHARED_DATA ?? join(PROJECT_ROOT, '..', 'shared', 'data'));
}
