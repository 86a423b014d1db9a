// Read-only data endpoints: generations, perimeters, communes, cells (small areas), facilities, search.
import { Router } from 'express';
import type { Feature, FeatureCollection } from 'geojson';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { bbox as bboxParam, list, str } from '../params.ts';
import { bboxIntersects, bboxOf, projectPolygonal } from '../../../domain/project.ts';
import { converter } from '../../../domain/crs.ts';
import { generationInfo } from '../../../domain/generations.ts';
import { CELL_FIELDS, type LoadedPerimeter } from '../../../domain/model.ts';
import { cellSquare, cellsInBox, formatCellId } from '../../../domain/cellGrid.ts';
import { facilityType, listFacilityTypes } from '../../../domain/facilityTypes.ts';
import { SECRECY_MIN_HOUSEHOLDS } from '../../../domain/secrecy.ts';
import type { Workspace } from '../../../app/workspace.ts';

/** Largest area served as GeoJSON cells; beyond it the vector tiles are the way. */
export const MAX_CELLS_AREA_KM2 = 150;

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();

/** The perimeter set asked for (generation/version), or 404 naming what is loaded. */
export function requirePerimeterSet(ws: Workspace, generation: string, version?: string) {
  const set = ws.perimeterSet(generation, version);
  if (!set) {
    const loaded = ws.perimeterSets().map((s) => `${s.generation}${s.version ? ` (version ${s.version})` : ''}`);
    throw new HttpError(404, `Aucun périmètre de la génération « ${generation} »${version ? ` version « ${version} »` : ''} n'est chargé.`, {
      loaded, hint: 'Importez-les avec `qpv-atlas ingest FICHIER --kind perimeters --generation ...`.',
    });
  }
  return set;
}

/** Returns a perimeter as a GeoJSON Feature (lonLat) with its identity in the properties. */
export function perimeterFeature(p: LoadedPerimeter): Feature {
  return {
    type: 'Feature',
    id: `${p.generation}:${p.code}`,
    properties: { code: p.code, name: p.name, communes: p.communes, departement: p.departement, epci: p.epci, generation: p.generation, version: p.version, datasetId: p.datasetId },
    geometry: p.geometry,
  };
}

export function dataRouter(ctx: ApiContext): Router {
  const r = Router();

  r.get('/generations', (_req, res) => {
    const ws = ctx.workspace();
    const all = ws.datasets().filter((d) => d.kind === 'perimeters');
    const newest = new Set(ws.perimeterSets().flatMap((s) => s.refs.map((r) => r.id)));
    res.json(all.map((d) => ({
      generation: d.generation, version: d.version, datasetId: d.id, label: d.label, count: d.counts.features ?? null,
      decree: generationInfo(d.generation ?? '').decree, default: newest.has(d.id),
    })));
  });

  r.get('/perimeters', (req, res) => {
    const ws = ctx.workspace();
    const generation = str(req.query, 'generation');
    const version = str(req.query, 'version');
    const commune = str(req.query, 'commune');
    const dep = str(req.query, 'departement');
    const box = bboxParam(req.query);
    const sets = generation ? [requirePerimeterSet(ws, generation, version)] : ws.perimeterSets(version ? { version } : undefined);
    const features = sets.flatMap((s) => s.items)
      .filter((p) => (!commune || p.communes.includes(commune)) && (!dep || p.departement === dep) && (!box || bboxIntersects(p.bbox, box)))
      .map(perimeterFeature);
    const fc: FeatureCollection & { provenance: unknown } = { type: 'FeatureCollection', features, provenance: { datasets: sets.flatMap((s) => s.refs), parameters: { generation, version, commune, departement: dep, bbox: box } } };
    res.json(fc);
  });

  r.get('/perimeters/:code', (req, res) => {
    const ws = ctx.workspace();
    const generation = str(req.query, 'generation');
    const version = str(req.query, 'version');
    const sets = generation ? [requirePerimeterSet(ws, generation, version)] : ws.perimeterSets();
    const code = req.params.code.toUpperCase();
    const p = sets.flatMap((s) => s.items).find((x) => x.code.toUpperCase() === code);
    if (!p) throw new HttpError(404, `Quartier « ${req.params.code} » introuvable${generation ? ` dans la génération ${generation}` : ''}.`, { searched: sets.map((s) => s.ref.label) });
    res.json({ ...perimeterFeature(p), provenance: { datasets: sets.flatMap((s) => s.refs).filter((r) => r.id === p.datasetId), parameters: { generation: p.generation, version: p.version } } });
  });

  r.get('/communes', (req, res) => {
    const ws = ctx.workspace();
    const box = bboxParam(req.query);
    const dep = str(req.query, 'departement');
    const codes = list(req.query, 'codes');
    const { refs, items } = ws.communes();
    const features: Feature[] = items
      .filter((c) => (!dep || c.departement === dep) && (!codes.length || codes.includes(c.code)) && (!box || bboxIntersects(bboxOf(c.geometry), box)))
      .map((c) => ({ type: 'Feature', id: c.code, properties: { code: c.code, name: c.name, departement: c.departement, epci: c.epci }, geometry: c.geometry }));
    res.json({ type: 'FeatureCollection', features, provenance: { datasets: refs, parameters: { bbox: box, departement: dep } } });
  });

  r.get('/cells', (req, res) => {
    const ws = ctx.workspace();
    const box = bboxParam(req.query);
    if (!box) throw new HttpError(400, 'Paramètre « bbox » requis (minLon,minLat,maxLon,maxLat) : les carreaux ne sont servis en GeoJSON que pour de petites zones.');
    const vintage = str(req.query, 'vintage');
    const set = ws.cells(vintage);
    if (!set) throw new HttpError(404, vintage ? `Aucun carreau Filosofi ${vintage} n'est chargé.` : "Aucun carreau Filosofi n'est chargé.", { hint: 'qpv-atlas ingest FICHIER.csv --kind cells' });
    const features: Feature[] = [];
    for (const grid of set.grids) {
      const toGrid = converter(4326, grid.epsg);
      const corners = [toGrid(box[0], box[1]), toGrid(box[2], box[1]), toGrid(box[2], box[3]), toGrid(box[0], box[3])];
      const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
      const areaKm2 = ((Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys))) / 1e6;
      if (areaKm2 > MAX_CELLS_AREA_KM2) {
        throw new HttpError(413, `Zone trop grande : ${Math.round(areaKm2).toLocaleString('fr-FR')} km² (limite ${MAX_CELLS_AREA_KM2} km² pour les carreaux en GeoJSON). Réduisez la zone ou utilisez les tuiles vectorielles /api/tiles/cells/{z}/{x}/{y}.pbf.`, { areaKm2, limitKm2: MAX_CELLS_AREA_KM2 });
      }
      const hits = cellsInBox(grid, Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
      for (const k of hits) {
        const props: Record<string, unknown> = { id: formatCellId(grid.epsg, grid.size, grid.i[k] * grid.size, grid.j[k] * grid.size), imputed: grid.imputed[k] === 1 };
        for (const f of CELL_FIELDS) {
          const col = grid.values[f];
          if (col) props[f] = Number.isNaN(col[k]) ? null : Math.round(col[k] * 10) / 10;
        }
        const men = grid.values.men?.[k] ?? NaN;
        props.secret = !(men >= SECRECY_MIN_HOUSEHOLDS);
        features.push({ type: 'Feature', properties: props, geometry: projectPolygonal(cellSquare(grid, k), grid.epsg, 4326) });
      }
    }
    res.json({ type: 'FeatureCollection', features, provenance: { datasets: set.refs, parameters: { bbox: box, vintage: set.vintage } } });
  });

  r.get('/facilities', (req, res) => {
    const ws = ctx.workspace();
    const box = bboxParam(req.query);
    const types = list(req.query, 'types');
    const groups = list(req.query, 'groups');
    const { refs, items } = ws.facilities(types.length ? types : undefined);
    const limit = 50_000;
    const features: Feature[] = [];
    let total = 0;
    for (const f of items) {
      if (box && (f.lon < box[0] || f.lon > box[2] || f.lat < box[1] || f.lat > box[3])) continue;
      const t = facilityType(f.type);
      if (groups.length && !groups.includes(t.group)) continue;
      total++;
      if (features.length >= limit) continue;
      features.push({
        type: 'Feature', id: f.id,
        properties: { id: f.id, type: f.type, typeLabel: f.typeLabel || t.label, group: t.group, groupLabel: t.groupLabel, symbol: t.symbol, name: f.name, commune: f.commune },
        geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
      });
    }
    res.json({ type: 'FeatureCollection', features, total, truncated: total > features.length, provenance: { datasets: refs, parameters: { bbox: box, types, groups } } });
  });

  r.get('/facility-types', (_req, res) => {
    const ws = ctx.workspace();
    const present = new Map<string, number>();
    for (const f of ws.facilities().items) present.set(f.type, (present.get(f.type) ?? 0) + 1);
    const rows = [...present.entries()].map(([code, count]) => ({ ...facilityType(code), count }));
    res.json({ present: rows.sort((a, b) => b.count - a.count), all: listFacilityTypes() });
  });

  r.get('/search', (req, res) => {
    const q = str(req.query, 'q');
    if (!q) throw new HttpError(400, 'Paramètre « q » requis : un code ou un nom de quartier ou de commune.');
    const ws = ctx.workspace();
    const needle = fold(q);
    const out: { kind: 'qpv' | 'commune'; code: string; name: string; generation?: string; version?: string | null; bbox: number[]; score: number }[] = [];
    for (const set of ws.perimeterSets()) {
      for (const p of set.items) {
        const code = p.code.toLowerCase();
        const name = fold(p.name);
        const score = code === needle ? 3 : code.startsWith(needle) ? 2 : name.includes(needle) ? 1 : 0;
        if (score) out.push({ kind: 'qpv', code: p.code, name: p.name, generation: p.generation, version: p.version, bbox: p.bbox, score });
      }
    }
    for (const c of ws.communes().items) {
      const name = fold(c.name);
      const score = c.code === q ? 3 : name === needle ? 2.5 : name.startsWith(needle) ? 1.5 : name.includes(needle) ? 0.5 : 0;
      if (score) out.push({ kind: 'commune', code: c.code, name: c.name, bbox: bboxOf(c.geometry), score });
    }
    out.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'fr'));
    res.json(out.slice(0, 20).map(({ score, ...rest }) => rest));
  });

  return r;
}
