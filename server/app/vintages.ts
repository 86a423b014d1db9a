// One wording for "this Filosofi vintage is not loaded", whichever use case meets it: the message
// lists the vintages that are, so that the user can pick one.
import type { Workspace } from './workspace.ts';

/** Returns the Filosofi vintages loaded in the workspace, oldest first. */
export function loadedVintages(ws: Workspace): string[] {
  const v = ws.datasets().filter((d) => d.kind === 'cells' && d.vintage).map((d) => d.vintage!);
  // A workspace built in memory may list no dataset: its newest vintage is still loaded.
  const newest = ws.cells()?.vintage;
  if (newest) v.push(newest);
  return [...new Set(v)].sort();
}

/** Returns the French message and details for a requested vintage that is not loaded. */
export function vintageNotLoaded(ws: Workspace, vintage: string): { message: string; details: { vintage: string; loaded: string[] } } {
  const loaded = loadedVintages(ws);
  const list = loaded.length ? `millésimes chargés : ${loaded.join(', ')}` : 'aucun millésime chargé';
  return { message: `Millésime Filosofi « ${vintage} » non chargé (${list}).`, details: { vintage, loaded } };
}
