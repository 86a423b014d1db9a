// Test support: serves routers over a memory workspace on a free port; fetch against `base`.
import express, { type Router } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ApiContext } from '../../server/adapters/http/context.ts';
import { errorHandler } from '../../server/adapters/http/errors.ts';
import type { Workspace } from '../../server/app/workspace.ts';
import type { DatasetKind, DatasetRef } from '../../server/domain/model.ts';

/** A DatasetRef for test inputs. */
export function ref(id: string, kind: DatasetKind, extra: Partial<DatasetRef> = {}): DatasetRef {
  return { id, kind, label: id, generation: null, version: null, vintage: null, sourceName: `${id}.test`, ...extra };
}

/** Starts an app with the same body parsers as the real one and the given routers under /api. */
export async function serve(ws: Workspace, routers: ((ctx: ApiContext) => Router)[]): Promise<{ base: string; close(): Promise<void> }> {
  const ctx: ApiContext = { workspace: () => ws, dataDir: '/nonexistent' };
  const app = express();
  app.use('/api', express.json({ limit: '20mb' }));
  app.use('/api', express.text({ type: ['text/csv', 'text/plain'], limit: '50mb' }));
  for (const r of routers) app.use('/api', r(ctx));
  app.use(errorHandler);
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}/api`, close: () => new Promise((ok) => server.close(() => ok())) };
}

/** GETs a URL; returns the status and the JSON body. */
export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as any };
}

/** POSTs `body` as JSON to a URL; returns the status and the JSON body. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
