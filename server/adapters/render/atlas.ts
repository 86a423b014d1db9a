// The atlas: one PDF page per QPV of the communes or EPCI asked for (title = name and code,
// subtitle = communes), every page drawn by the same static-map use case as single maps.
import type { Workspace } from '../../app/workspace.ts';
import { atlasPerimeters, buildStaticMap, communeNames, DEFAULT_QPV_LAYERS, type AtlasQuery, type StaticMapRequest } from '../../app/staticMap.ts';
import { renderMapSvg } from '../../domain/mapSvg.ts';
import type { DatasetRef } from '../../domain/model.ts';
import { svgsToPdf, type PdfPage } from './raster.ts';

export interface AtlasResult {
  pdf: Buffer;
  pages: number;
  codes: string[];
  datasets: DatasetRef[];
}

/** Returns the atlas PDF (one vector page per QPV, sorted by code) of the communes or EPCI. */
export async function atlasPdf(ws: Workspace, q: AtlasQuery, page: Omit<StaticMapRequest, 'qpv' | 'bbox' | 'title' | 'subtitle'> = { layers: DEFAULT_QPV_LAYERS }): Promise<AtlasResult> {
  const perimeters = atlasPerimeters(ws, q);
  const date = page.date ?? new Date();
  const pages: PdfPage[] = [];
  const datasets = new Map<string, DatasetRef>();
  for (const p of perimeters) {
    const m = await buildStaticMap(ws, {
      ...page, qpv: p.code, generation: q.generation ?? page.generation, date,
      title: `${p.name} (${p.code})`, subtitle: `Quartier prioritaire ${p.generation} — ${communeNames(ws, p.communes)}`,
    });
    for (const d of m.provenance.datasets) datasets.set(d.id, d);
    pages.push({ svg: renderMapSvg(m.spec, m.data), paper: m.spec.paper, orientation: m.spec.orientation });
  }
  const where = [q.communes?.length ? `communes ${communeNames(ws, q.communes)}` : null, q.epci ? `EPCI ${q.epci}` : null].filter(Boolean).join(', ');
  const pdf = await svgsToPdf(pages, `Atlas des quartiers prioritaires — ${where}`, { date, subject: perimeters.map((p) => p.code).join(', ') });
  return { pdf, pages: pages.length, codes: perimeters.map((p) => p.code), datasets: [...datasets.values()] };
}
