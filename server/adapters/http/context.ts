// What every route module receives: access to the loaded workspace.
import type { Workspace } from '../../app/workspace.ts';

export interface ApiContext {
  /** The current workspace (reloaded after each ingest or removal). */
  workspace(): Workspace;
  /** The store directory, for routes that need to write (ingest). */
  dataDir: string;
}
