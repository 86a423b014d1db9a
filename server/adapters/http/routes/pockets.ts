// GET /api/pockets (study area by communes, EPCI or département) and POST /api/pockets (a drawn
// polygon): poverty pockets outside the QPVs, as JSON, GeoJSON or CSV for French Excel.
import { Router, type Request, type Response } from 'express';
import type { ApiContext } from '../context.ts';
import { HttpError, httpErrorFrom } from '../errors.ts';
import { setProvenanceHeader } from '../provenance.ts';
import { list, oneOf, str } from '../params.ts';
import { toCsv } from '../../formats/csvWrite.ts';
import {
  findPockets, pocketParamsFromStrings, pocketRows, POCKET_CSV_COLUMNS, pocketsResponse, pocketsToGeoJSON, POCKET_PARAM_NAMES,
  type PocketsOutput, type PocketsRequest,
} from '../../../app/findPockets.ts';

const FORMATS = ['json', 'geojson', 'csv'] as const;

/** Reads the pocket parameters from a plain object of strings or numbers (query or JSON body). */
function paramsFrom(source: Record<string, unknown>) {
  const values: Record<string, string | undefined> = {};
  for (const name of POCKET_PARAM_NAMES) {
    const v = source[name];
    const first = Array.isArray(v) ? v[0] : v;
    if (first === null) values[name] = 'off';
    else if (typeof first === 'string' || typeof first === 'number') values[name] = String(first);
    else if (first !== undefined) throw new HttpError(400, `Paramètre « ${name} » invalide : nombre ou texte attendu.`, { parameter: name });
  }
  return pocketParamsFromStrings(values);
}

const asHttp = httpErrorFrom();

function run(ctx: ApiContext, req: PocketsRequest): Promise<PocketsOutput> {
  return findPockets(ctx.workspace(), req).catch(asHttp);
}

function send(res: Response, out: PocketsOutput, format: (typeof FORMATS)[number]) {
  if (format === 'geojson') return void res.type('application/geo+json').send(JSON.stringify(pocketsToGeoJSON(out.result, out.legend, out.provenance)));
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').attachment('poches-de-pauvrete.csv');
    setProvenanceHeader(res, out.provenance);
    return void res.send(toCsv(pocketRows(out.result), { separator: ';', columns: POCKET_CSV_COLUMNS }));
  }
  res.json(pocketsResponse(out));
}

const wrapped = (fn: () => Partial<PocketsRequest['params']>) => {
  try {
    return fn();
  } catch (e) {
    return asHttp(e);
  }
};

/** Router for /pockets (mounted under /api). */
export function pocketsRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/pockets', async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const format = oneOf(q, 'format', FORMATS, 'json');
    const out = await run(ctx, {
      communes: list(q, 'communes'), epci: str(q, 'epci'), departement: str(q, 'departement'),
      vintage: str(q, 'vintage'), generation: str(q, 'generation'), version: str(q, 'version'),
      params: wrapped(() => paramsFrom(q)),
    });
    send(res, out, format);
  });

  // Body: { studyArea: GeoJSON (lonLat), params?: {...}, vintage?, generation?, version?, format? }.
  // Pocket parameters may also sit at the top level of the body, as in the query string.
  router.post('/pockets', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'Corps JSON attendu : { "studyArea": GeoJSON, "params": { ... } }.');
    if (body.studyArea === undefined) throw new HttpError(400, 'Champ « studyArea » manquant : un polygone GeoJSON en longitude/latitude.');
    const q = req.query as Record<string, unknown>;
    const format = oneOf({ format: body.format ?? q.format }, 'format', FORMATS, 'json');
    const nested = body.params && typeof body.params === 'object' ? (body.params as Record<string, unknown>) : {};
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const out = await run(ctx, {
      polygon: body.studyArea,
      vintage: text(body.vintage), generation: text(body.generation), version: text(body.version),
      params: wrapped(() => paramsFrom({ ...body, ...nested })),
    });
    send(res, out, format);
  });
  return router;
}
