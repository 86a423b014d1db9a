// Opens the store of a data directory and loads it as a Workspace (GEOS initialised for analyses).
import { Store } from '../adapters/store/store.ts';
import { initGeos } from '../domain/geometry/geos.ts';
import type { Workspace } from './workspace.ts';

/** Returns the Workspace of a data directory, loaded in memory; the store file is closed again. */
export async function openWorkspace(dataDir: string): Promise<Workspace> {
  await initGeos();
  const store = Store.open(dataDir);
  try {
    return store.loadWorkspace();
  } finally {
    store.close();
  }
}
