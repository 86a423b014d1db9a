// Ingest use case: read a file with the right format adapter, check it against the catalogue, and
// write it to the store atomically. The adapters parse; the store writes; this module decides.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DatasetKind, IngestIssue, Perimeter } from '../domain/model.ts';
import { communeCodesFromNames } from '../domain/communeNames.ts';
import { IngestError } from '../domain/model.ts';
import { perimeterSourceLabel } from '../domain/generations.ts';
import type { DatasetInfo } from './workspace.ts';
import type { DatasetPayload, Store } from '../adapters/store/store.ts';
import { readPerimeters } from '../adapters/formats/perimeters.ts';
import { readExtensions } from '../adapters/formats/extensions.ts';
import { readCommunes } from '../adapters/formats/communes.ts';
import { readBuildings } from '../adapters/formats/buildings.ts';
import { readFilosofiCells } from '../adapters/formats/filosofi.ts';
import { readFacilities } from '../adapters/formats/facilities.ts';

export const DATASET_KINDS: DatasetKind[] = ['perimeters', 'extensions', 'cells', 'facilities', 'communes', 'buildings'];

export interface IngestOptions {
  kind: DatasetKind;
  generation?: string;
  version?: string;
  vintage?: string;
  crs?: number;
  label?: string; // overrides the default source label
  code?: string; // extensions: the QPV they belong to
  layer?: string; // GeoPackage / multi-layer archives: the layer to read
  format?: 'bpe' | 'schools' | 'points';
  labelColumn?: string;
  typeColumn?: string;
  idColumn?: string;
  xColumn?: string; // facilities: coordinate columns when not detected
  yColumn?: string;
  replace?: string; // id of a dataset this one replaces (same transaction)
  fileName?: string; // original name when the path is a temporary upload
}

export interface IngestReport {
  dataset: DatasetInfo;
  replaced: string | null;
  issues: IngestIssue[];
}

export type Progress = (stage: string, done: number, total: number) => void;

/** Returns the hex SHA-256 of a file, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (b) => h.update(b)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}

/** The source CRS as catalogued: "EPSG:2154", or a note when it came from a .prj WKT with no EPSG code. */
const crsLabel = (epsg: number) => (epsg > 0 ? `EPSG:${epsg}` : 'WKT du fichier .prj (sans code EPSG)');

const slug = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * 2015 ANCT files name communes (COMMUNE_QP) instead of coding them: resolve the names against the
 * communes already in the store, within each quartier's département, and report what stays unresolved.
 */
function resolveCommuneNames(records: Perimeter[], store: Store): IngestIssue[] {
  const pending = records.filter((p) => p.communes.length === 0);
  if (!pending.length) return [];
  const communes = store.loadCommunes();
  const issues: IngestIssue[] = [];
  for (const p of pending) {
    const names = String(p.properties.COMMUNE_QP ?? p.properties.commune_qp ?? p.properties.Commune_QP ?? '');
    if (!names) continue;
    const { codes, unknown } = communeCodesFromNames(names, p.departement, communes);
    p.communes = codes;
    if (unknown.length) {
      issues.push({ feature: p.code, field: 'COMMUNE_QP', message: `Commune(s) non reconnue(s) : ${unknown.join(', ')}${communes.length ? '' : ' (aucune commune importée : importez les contours des communes avant les périmètres 2015)'}.` });
    }
  }
  return issues;
}

/** Reads, checks and stores one file; throws IngestError (nothing written) on bad input or a conflict. */
export async function ingestFile(store: Store, path: string, opts: IngestOptions, progress?: Progress): Promise<IngestReport> {
  if (!DATASET_KINDS.includes(opts.kind)) {
    throw new IngestError(`Type de jeu de données inconnu « ${opts.kind} » : choisissez parmi ${DATASET_KINDS.join(', ')}.`);
  }
  const fileName = opts.fileName ?? basename(path);
  try {
    statSync(path);
  } catch {
    throw new IngestError(`Fichier introuvable : ${path}`, [{ file: fileName, message: 'Vérifiez le chemin du fichier.' }]);
  }
  progress?.('checksum', 0, 1);
  const sha256 = await sha256File(path);
  const same = store.findBySha(opts.kind, sha256);
  if (same && same.id !== opts.replace) {
    throw new IngestError(
      `Ce fichier (${fileName}) a déjà été importé : jeu de données « ${same.id} » (${same.label}), le ${same.ingestedAt}.`,
      [{ file: fileName, message: `Rien n'a été modifié. Pour le réimporter, supprimez d'abord « ${same.id} » ou utilisez --replace ${same.id}.` }],
    );
  }
  if (opts.replace && !store.getDataset(opts.replace)) {
    throw new IngestError(`Le jeu de données à remplacer « ${opts.replace} » n'existe pas.`, [{ message: 'Listez les jeux de données avec `qpv-atlas datasets`.' }]);
  }

  const onProgress = (done: number, total: number) => progress?.('lecture', done, total);
  let payload: DatasetPayload;
  let issues: IngestIssue[];
  let meta: { label: string; generation: string | null; version: string | null; vintage: string | null; crs: string | null; counts: Record<string, number> };
  const common = { fileName, crs: opts.crs, layer: opts.layer };
  switch (opts.kind) {
    case 'perimeters': {
      const r = await readPerimeters(path, { ...common, generation: opts.generation, version: opts.version });
      payload = { kind: 'perimeters', records: r.records };
      issues = [...r.issues, ...resolveCommuneNames(r.records, store)];
      meta = { label: opts.label ?? perimeterSourceLabel(r.generation, r.version), generation: r.generation, version: r.version, vintage: null, crs: crsLabel(r.sourceCrs), counts: r.counts };
      break;
    }
    case 'extensions': {
      const r = await readExtensions(path, { ...common, generation: opts.generation, code: opts.code });
      payload = { kind: 'extensions', records: r.records };
      issues = r.issues;
      meta = { label: opts.label ?? `Extensions de périmètres (${fileName})`, generation: opts.generation ?? r.records[0]?.generation ?? null, version: opts.version ?? null, vintage: null, crs: crsLabel(r.sourceCrs), counts: r.counts };
      break;
    }
    case 'communes': {
      const r = await readCommunes(path, common);
      payload = { kind: 'communes', records: r.records };
      issues = r.issues;
      meta = { label: opts.label ?? 'IGN, Admin Express', generation: null, version: opts.version ?? null, vintage: opts.vintage ?? null, crs: crsLabel(r.sourceCrs), counts: r.counts };
      break;
    }
    case 'buildings': {
      const r = await readBuildings(path, common);
      payload = { kind: 'buildings', records: r.records };
      issues = r.issues;
      meta = { label: opts.label ?? `Bâtiments (${fileName})`, generation: null, version: opts.version ?? null, vintage: opts.vintage ?? null, crs: crsLabel(r.sourceCrs), counts: r.counts };
      break;
    }
    case 'cells': {
      const r = await readFilosofiCells(path, { vintage: opts.vintage, fileName, onProgress });
      payload = { kind: 'cells', grids: r.grids };
      issues = r.issues;
      meta = { label: opts.label ?? `INSEE, Filosofi ${r.vintage}`, generation: null, version: null, vintage: r.vintage, crs: r.grids.map((g) => `EPSG:${g.epsg}`).join(', '), counts: r.counts };
      break;
    }
    case 'facilities': {
      const r = await readFacilities(path, {
        ...common, format: opts.format, vintage: opts.vintage, labelColumn: opts.labelColumn, typeColumn: opts.typeColumn, idColumn: opts.idColumn, xColumn: opts.xColumn, yColumn: opts.yColumn, onProgress,
      });
      payload = { kind: 'facilities', records: r.records };
      issues = r.issues;
      const label = r.format === 'bpe' ? `INSEE, BPE${r.vintage ? ` ${r.vintage}` : ''}`
        : r.format === 'schools' ? 'Éducation nationale, annuaire géolocalisé des établissements'
        : `Équipements importés (${fileName})`;
      meta = { label: opts.label ?? label, generation: null, version: null, vintage: r.vintage, crs: r.sourceCrs ? crsLabel(r.sourceCrs) : null, counts: r.counts };
      break;
    }
  }

  if (payload.kind === 'perimeters' && !opts.replace) {
    // Several extracts of one generation/version may coexist (they are read as one set), but not the same quartier twice.
    const codes = new Set(payload.records.map((p) => p.code));
    for (const d of store.listDatasets().filter((x) => x.kind === 'perimeters' && x.generation === meta.generation && x.version === meta.version)) {
      const shared = store.perimeterCodes(d.id).filter((c) => codes.has(c));
      if (shared.length) {
        throw new IngestError(
          `${shared.length} quartier(s) de ce fichier figurent déjà dans les périmètres ${meta.generation}${meta.version ? ` version ${meta.version}` : ' sans version'} (« ${d.id} », ${d.sourceName}) : ${shared.slice(0, 5).join(', ')}${shared.length > 5 ? '…' : ''}.`,
          [{ file: fileName, message: `Rien n'a été modifié. Indiquez une autre --version (ex. la date du fichier ANCT), ou remplacez l'ancien jeu avec --replace ${d.id}.` }],
        );
      }
    }
  }

  const tag = meta.generation ?? meta.vintage ?? slug(fileName).slice(0, 24);
  const id = `${opts.kind}-${slug(tag)}${meta.version ? `-${slug(meta.version)}` : ''}-${sha256.slice(0, 8)}`;
  const dataset: DatasetInfo = {
    id, kind: opts.kind, label: meta.label, generation: meta.generation, version: meta.version, vintage: meta.vintage,
    sourceName: fileName, sha256, ingestedAt: new Date().toISOString(), crs: meta.crs, counts: meta.counts,
    warnings: issues.slice(0, 500), options: Object.fromEntries(Object.entries(opts).filter(([k, v]) => v !== undefined && k !== 'fileName')),
  };
  progress?.('écriture', 0, 1);
  store.write(dataset, payload, opts.replace);
  progress?.('écriture', 1, 1);
  return { dataset, replaced: opts.replace ?? null, issues };
}
