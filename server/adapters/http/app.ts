// The express application: the API under /api, the built client at / and /embed.
import express from 'express';
import compression from 'compression';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../config.ts';
import { Store } from '../store/store.ts';
import type { Workspace } from '../../app/workspace.ts';
import type { ApiContext } from './context.ts';
import { errorHandler, HttpError } from './errors.ts';
import { datasetsRouter } from './routes/datasets.ts';
import { dataRouter } from './routes/data.ts';
import { analysisRouters } from './routes/index.ts';
import { apiDocsHtml, openApiDocument } from './openapi.ts';

export interface AppOptions {
  dataDir: string;
  clientDir?: string; // built client (default dist/client)
}

/** Returns the express app over a data directory, and a way to close its store. */
export function createApp(opts: AppOptions): { app: express.Express; close(): void; reload(): void } {
  const store = Store.open(opts.dataDir);
  let ws: Workspace = store.loadWorkspace();
  const reload = () => {
    ws = store.loadWorkspace();
  };
  const ctx: ApiContext = { workspace: () => ws, dataDir: opts.dataDir };
  const app = express();
  app.disable('x-powered-by');
  // GeoJSON and low-zoom cell tiles compress 5–10×: worth it on a préfecture's network.
  app.use(compression({ filter: (req, res) => /json|protobuf|svg|csv|text|javascript/.test(String(res.getHeader('Content-Type') ?? '')) || compression.filter(req, res) }));
  app.use('/api', express.json({ limit: '20mb' }));
  // CSV bodies stay bytes: their encoding (UTF-8 or windows-1252) is sniffed by the CSV reader, not assumed.
  app.use('/api', express.raw({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '50mb' }));
  app.use('/api', datasetsRouter(ctx, { store, reload, startedAt: Date.now() }));
  app.use('/api', dataRouter(ctx));
  app.get('/api/openapi.json', (_req, res) => res.json(openApiDocument()));
  app.get('/api/docs', (_req, res) => res.type('html').send(apiDocsHtml()));
  for (const router of analysisRouters(ctx)) app.use('/api', router);
  app.use('/api', (req, _res, next) => next(new HttpError(404, `Point d'accès inconnu : ${req.method} /api${req.path}`, { see: '/api/openapi.json' })));

  const clientDir = opts.clientDir ?? join(PROJECT_ROOT, 'dist', 'client');
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: 'index.html' }));
    app.get(['/embed', '/embed/'], (_req, res) => res.sendFile(join(clientDir, existsSync(join(clientDir, 'embed.html')) ? 'embed.html' : 'index.html')));
  } else {
    app.get('/', (_req, res) => res.status(503).type('text/plain; charset=utf-8').send("Le client cartographique n'est pas construit : lancez `npm run build:client` (npm start le fait)."));
  }
  app.use(errorHandler);
  return { app, close: () => store.close(), reload };
}
