// Static maps for contract documents, rendered on the server from the data (no tiles):
// GET /maps/view.{svg|png|pdf}, GET /maps/qpv/:code.{svg|png|pdf}, GET /maps/atlas.pdf.
import express, { type Response } from 'express';
import type { ApiContext } from '../context.ts';
import { HttpError, httpErrorFrom } from '../errors.ts';
import { setProvenanceHeader } from '../provenance.ts';
import { buildStaticMap, DEFAULT_QPV_LAYERS, DEFAULT_VIEW_LAYERS, type StaticMapRequest } from '../../../app/staticMap.ts';
import { MAP_FORMATS, mapRequestFromStrings, type MapFormat } from '../../../app/mapRequest.ts';
import { renderMapSvg, type MapLayerId } from '../../../domain/mapSvg.ts';
import type { Provenance } from '../../../domain/model.ts';
import { svgToPdf, svgToPng } from '../../render/raster.ts';
import { atlasPdf } from '../../render/atlas.ts';

const CONTENT_TYPES: Record<MapFormat, string> = { svg: 'image/svg+xml; charset=utf-8', png: 'image/png', pdf: 'application/pdf' };

function query(q: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(q)) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string') out[k] = s;
  }
  return out;
}

function format(value: string): MapFormat {
  if (!(MAP_FORMATS as readonly string[]).includes(value)) {
    throw new HttpError(400, `Format invalide : « ${value} » (formats possibles : ${MAP_FORMATS.join(', ')}).`, { parameter: 'format', value, allowed: MAP_FORMATS });
  }
  return value as MapFormat;
}

const asHttp = httpErrorFrom();

/** Binary answers cannot carry a JSON body: the provenance travels in the X-Provenance header. */
function send(res: Response, fmt: MapFormat, body: string | Buffer, fileName: string, provenance: Provenance): void {
  res.setHeader('Content-Type', CONTENT_TYPES[fmt]);
  res.setHeader('Content-Disposition', `inline; filename="${fileName.replace(/[^\w.-]/g, '_')}"`);
  setProvenanceHeader(res, provenance);
  res.send(body);
}

async function render(ctx: ApiContext, req: StaticMapRequest, fmt: MapFormat, res: Response, fileBase: string): Promise<void> {
  const map = await buildStaticMap(ctx.workspace(), req).catch(asHttp);
  const svg = renderMapSvg(map.spec, map.data);
  const { paper, orientation, title } = map.spec;
  const body = fmt === 'svg' ? svg : fmt === 'png' ? svgToPng(svg, paper, orientation) : await svgToPdf(svg, paper, orientation, title, map.spec.date);
  send(res, fmt, body, `${fileBase}.${fmt}`, map.provenance);
}

function request(q: Record<string, unknown>, defaults: MapLayerId[]): StaticMapRequest {
  try {
    return mapRequestFromStrings(query(q), defaults);
  } catch (e) {
    return asHttp(e);
  }
}

/** Returns the router of the static-map endpoints (paths relative to /api). */
export function mapsRouter(ctx: ApiContext): express.Router {
  const r = express.Router();

  r.get('/maps/atlas.pdf', async (req, res) => {
    const q = query(req.query as Record<string, unknown>);
    const communes = (q.communes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const page = request({ ...req.query, communes: undefined }, DEFAULT_QPV_LAYERS);
    const out = await atlasPdf(ctx.workspace(), { communes, epci: q.epci?.trim() || undefined, generation: page.generation }, page).catch(asHttp);
    send(res, 'pdf', out.pdf, 'atlas-qpv.pdf', { datasets: out.datasets, parameters: { communes, epci: q.epci ?? null, generation: page.generation ?? '2024', codes: out.codes, layers: page.layers } });
  });

  r.get('/maps/view.:format', async (req, res) => {
    const fmt = format(req.params.format);
    const mapReq = request(req.query as Record<string, unknown>, DEFAULT_VIEW_LAYERS);
    if (!mapReq.bbox) throw new HttpError(400, 'Paramètre « bbox » manquant : indiquez minLon,minLat,maxLon,maxLat (ex. 2.44,49.24,2.52,49.28).', { parameter: 'bbox' });
    await render(ctx, mapReq, fmt, res, 'carte-qpv');
  });

  r.get('/maps/qpv/:code.:format', async (req, res) => {
    const fmt = format(req.params.format);
    const code = req.params.code.trim().toUpperCase();
    await render(ctx, { ...request(req.query as Record<string, unknown>, DEFAULT_QPV_LAYERS), qpv: code }, fmt, res, code);
  });

  return r;
}
