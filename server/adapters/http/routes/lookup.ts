// "Is this point / this list of points in a QPV?": GET one point (lon/lat or x/y + CRS, or an address
// when the optional geocoder is on), POST a CSV to get it back with lookup columns appended.
import { Router, type Request } from 'express';
import multer from 'multer';
import type { ApiContext } from '../context.ts';
import { HttpError, httpErrorFrom } from '../errors.ts';
import { setProvenanceHeader } from '../provenance.ts';
import { num, str } from '../params.ts';
import { requirePerimeterSet } from './data.ts';
import type { PerimeterSet, Workspace } from '../../../app/workspace.ts';
import { lookupPoint, toLonLat, DEFAULT_VECU_DISTANCES, DEFAULT_FAR_DISTANCE } from '../../../domain/pointLookup.ts';
import { parseCrsName, isKnownCrs } from '../../../domain/crs.ts';
import { lookupCsv } from '../../formats/lookupCsv.ts';
import { banGeocoderFromEnv } from '../../geocoding/banGeocoder.ts';

/** Largest CSV accepted by POST /lookup. */
export const MAX_LOOKUP_CSV_BYTES = 50 * 1024 * 1024;

/** The sets a lookup answers for: the generation (and version) asked, else every loaded generation. */
export function lookupSets(ws: Workspace, q: Record<string, unknown>): PerimeterSet[] {
  const generation = str(q, 'generation');
  if (generation) return [requirePerimeterSet(ws, generation, str(q, 'version'))];
  const sets = ws.perimeterSets();
  if (!sets.length) throw new HttpError(404, 'Aucun périmètre QPV n’est chargé : importez les périmètres 2015 et/ou 2024 d’abord.');
  return sets;
}

function crsParam(q: Record<string, unknown>, def: number): number {
  const s = str(q, 'crs');
  if (s === undefined) return def;
  const c = parseCrsName(s);
  if (c === null || !isKnownCrs(c)) throw new HttpError(400, `Paramètre « crs » invalide : « ${s} » (ex. EPSG:2154, 2154, EPSG:4326).`, { parameter: 'crs', value: s });
  return c;
}

/** Router for GET /lookup (one point) and POST /lookup (a CSV of points, answered as CSV) (mounted under /api). */
export function lookupRouter(ctx: ApiContext): Router {
  const r = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_LOOKUP_CSV_BYTES, files: 1 } });

  r.get('/lookup', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const sets = lookupSets(ctx.workspace(), q);
    const tolerance = num(q, 'tolerance', 0, 0, 1000)!;
    const farDistance = num(q, 'far', DEFAULT_FAR_DISTANCE, 1, 1_000_000)!;
    const distances = str(q, 'distances') ? str(q, 'distances')!.split(',').map((d) => Number(d)) : DEFAULT_VECU_DISTANCES;
    if (distances.some((d) => !Number.isFinite(d) || d <= 0 || d > 5000)) throw new HttpError(400, 'Paramètre « distances » invalide : des mètres séparés par des virgules (ex. 300,500,1000).');
    let pt: { lon: number; lat: number };
    let geocoded: unknown = null;
    if (str(q, 'lon') !== undefined || str(q, 'lat') !== undefined) {
      pt = { lon: num(q, 'lon', undefined, -180, 180)!, lat: num(q, 'lat', undefined, -90, 90)! };
      if (pt.lon === undefined || pt.lat === undefined) throw new HttpError(400, 'Donnez « lon » et « lat » ensemble (degrés WGS84).');
    } else if (str(q, 'x') !== undefined || str(q, 'y') !== undefined) {
      const x = num(q, 'x', undefined), y = num(q, 'y', undefined);
      if (x === undefined || y === undefined) throw new HttpError(400, 'Donnez « x » et « y » ensemble, avec « crs » (défaut EPSG:2154).');
      pt = toLonLat(x, y, crsParam(q, 2154));
      if (!(Math.abs(pt.lon) <= 180 && Math.abs(pt.lat) <= 90)) throw new HttpError(400, 'Coordonnées x/y hors du système indiqué : vérifiez « crs ».');
    } else if (str(q, 'address') !== undefined) {
      const geocoder = banGeocoderFromEnv();
      if (!geocoder) throw new HttpError(400, 'Le géocodage d’adresses est désactivé sur ce serveur (QPV_ATLAS_GEOCODER=ban pour l’activer) : donnez des coordonnées lon/lat.');
      const g = await geocoder.geocode(str(q, 'address')!).catch(httpErrorFrom());
      pt = { lon: g.lon, lat: g.lat };
      geocoded = g;
    } else {
      throw new HttpError(400, 'Point manquant : donnez lon et lat (WGS84), ou x, y et crs.', { example: '/api/lookup?lon=2.4745&lat=49.2603&tolerance=10' });
    }
    const answer = lookupPoint(pt, sets, { tolerance, vecuDistances: distances, farDistance });
    res.json({
      ...answer,
      geocoded,
      provenance: { datasets: sets.flatMap((s) => s.refs ?? [s.ref]), parameters: { tolerance, vecuDistances: distances, farDistance, generation: str(q, 'generation') ?? null, version: str(q, 'version') ?? null } },
    });
  });

  r.post('/lookup', upload.single('file'), (req: Request, res) => {
    const q = req.query as Record<string, unknown>;
    const sets = lookupSets(ctx.workspace(), q);
    const body: Buffer | string | undefined = req.file?.buffer ?? (typeof req.body === 'string' || Buffer.isBuffer(req.body) ? req.body : undefined);
    if (!body || body.length === 0) {
      throw new HttpError(400, 'Fichier CSV manquant : envoyez-le en corps text/csv ou dans le champ « file » d’un formulaire multipart.');
    }
    const tolerance = num(q, 'tolerance', 0, 0, 1000)!;
    const crs = str(q, 'crs') ? crsParam(q, 4326) : undefined;
    const result = lookupCsv(body, sets, { tolerance, crs, lonColumn: str(q, 'lonColumn'), latColumn: str(q, 'latColumn') });
    const name = (req.file?.originalname ?? 'points.csv').replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}_qpv.csv"`);
    res.setHeader('X-Lookup-Rows', String(result.rows));
    res.setHeader('X-Lookup-Located', String(result.located));
    setProvenanceHeader(res, {
      datasets: sets.flatMap((s) => s.refs ?? [s.ref]),
      parameters: { tolerance, crs: crs ?? null, lonColumn: str(q, 'lonColumn') ?? null, latColumn: str(q, 'latColumn') ?? null, generation: str(q, 'generation') ?? null, version: str(q, 'version') ?? null },
    });
    res.send(result.csv);
  });

  return r;
}
