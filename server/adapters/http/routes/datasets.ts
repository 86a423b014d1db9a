// Catalogue endpoints: health, list, upload (ingest), delete.
import { Router } from 'express';
import multer from 'multer';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { num, str } from '../params.ts';
import type { Store } from '../../store/store.ts';
import { DATASET_KINDS, ingestFile, type IngestOptions } from '../../../app/ingest.ts';
import type { DatasetKind } from '../../../domain/model.ts';

/** What the catalogue routes need beyond reading: the store and a way to reload the workspace. */
export interface CatalogueState {
  store: Store;
  reload(): void;
  startedAt: number;
}

const UPLOAD_LIMIT_BYTES = 8 * 1024 ** 3;

export function datasetsRouter(ctx: ApiContext, state: CatalogueState): Router {
  const r = Router();
  const uploadDir = join(tmpdir(), 'qpv-atlas-uploads');
  mkdirSync(uploadDir, { recursive: true });
  const upload = multer({
    storage: multer.diskStorage({
      destination: uploadDir,
      // keep the original name's extension: adapters choose the format from it
      filename: (_req, file, cb) => cb(null, `${randomUUID()}-${Buffer.from(file.originalname, 'latin1').toString('utf8').replace(/[^\w.\-]+/g, '_')}`),
    }),
    limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 },
  });

  r.get('/health', (_req, res) => {
    const ws = ctx.workspace();
    res.json({
      status: 'ok',
      service: 'qpv-atlas',
      uptimeSeconds: Math.round((Date.now() - state.startedAt) / 1000),
      datasets: ws.datasets().length,
      generations: ws.perimeterSets().map((s) => ({ generation: s.generation, version: s.version, quartiers: s.items.length })),
      cells: ws.cells()?.vintage ?? null,
    });
  });

  r.get('/datasets', (_req, res) => {
    res.json(ctx.workspace().datasets());
  });

  r.get('/datasets/:id', (req, res) => {
    const d = state.store.getDataset(req.params.id);
    if (!d) throw new HttpError(404, `Jeu de données « ${req.params.id} » introuvable.`);
    res.json(d);
  });

  r.post('/datasets', upload.single('file'), async (req, res) => {
    const file = req.file;
    if (!file) throw new HttpError(400, 'Aucun fichier reçu : envoyez un formulaire multipart avec le champ « file ».', { fields: ['file', 'kind', 'generation', 'version', 'vintage', 'crs'] });
    try {
      const body = req.body as Record<string, unknown>;
      const kind = str(body, 'kind');
      if (!kind || !DATASET_KINDS.includes(kind as DatasetKind)) {
        throw new HttpError(400, `Champ « kind » ${kind ? `invalide (« ${kind} »)` : 'manquant'} : choisissez parmi ${DATASET_KINDS.join(', ')}.`, { field: 'kind' });
      }
      const format = str(body, 'format');
      if (format && !['bpe', 'schools', 'points'].includes(format)) throw new HttpError(400, `Champ « format » invalide : « ${format} » (bpe, schools ou points).`);
      const opts: IngestOptions = {
        kind: kind as DatasetKind,
        generation: str(body, 'generation'), version: str(body, 'version'), vintage: str(body, 'vintage'),
        crs: num(body, 'crs', undefined, 1000, 99999), label: str(body, 'label'), code: str(body, 'code'), layer: str(body, 'layer'),
        format: format as IngestOptions['format'], labelColumn: str(body, 'labelColumn'), typeColumn: str(body, 'typeColumn'),
        idColumn: str(body, 'idColumn'), xColumn: str(body, 'xColumn'), yColumn: str(body, 'yColumn'), replace: str(body, 'replace'),
        fileName: Buffer.from(file.originalname, 'latin1').toString('utf8'),
      };
      const report = await ingestFile(state.store, file.path, opts);
      state.reload();
      res.status(201).json(report);
    } catch (e) {
      if (e instanceof Error && /déjà été importé|existe déjà/.test(e.message)) throw new HttpError(409, e.message, (e as { details?: unknown }).details);
      throw e;
    } finally {
      rmSync(file.path, { force: true });
    }
  });

  r.delete('/datasets/:id', (req, res) => {
    if (!state.store.remove(req.params.id)) throw new HttpError(404, `Jeu de données « ${req.params.id} » introuvable : rien n'a été supprimé.`);
    state.reload();
    res.json({ deleted: req.params.id });
  });

  return r;
}
