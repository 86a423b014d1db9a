// Quartier vécu of one QPV (band, facilities, indicators) and of every QPV of a set (map layer).
import { Router } from 'express';
import type { Feature, FeatureCollection } from 'geojson';
import type { ApiContext } from '../context.ts';
import { HttpError, httpErrorFrom } from '../errors.ts';
import { vintageNotLoaded } from '../../../app/vintages.ts';
import { list, num, oneOf, str } from '../params.ts';
import { perimeterFeature, requirePerimeterSet } from './data.ts';
import type { PerimeterSet, Workspace } from '../../../app/workspace.ts';
import type { LoadedPerimeter } from '../../../domain/model.ts';
import { quartierVecu, quartierVecuAll, type VecuClip, type VecuResult, type VecuRule } from '../../../domain/quartierVecu.ts';

const CLIPS: readonly VecuClip[] = ['none', 'communes', 'epci'];

/** The set holding a QPV code: the generation/version asked, else the newest set that has it; 404 otherwise. */
export function findPerimeter(ws: Workspace, code: string, generation?: string, version?: string): { set: PerimeterSet; perimeter: LoadedPerimeter } {
  const sets = generation ? [requirePerimeterSet(ws, generation, version)] : ws.perimeterSets();
  for (const set of [...sets].reverse()) {
    const perimeter = set.items.find((p) => p.code === code);
    if (perimeter) return { set, perimeter };
  }
  throw new HttpError(404, `QPV « ${code} » introuvable${generation ? ` dans les périmètres ${generation}` : ''}.`, { code, generation: generation ?? null });
}

function ruleFrom(q: Record<string, unknown>, set: PerimeterSet): VecuRule {
  return {
    distance: num(q, 'distance', 300, 1, 5000)!,
    clip: oneOf(q, 'clip', CLIPS, 'none'),
    include: list(q, 'include'),
    exclude: list(q, 'exclude'),
    generation: set.generation,
    version: set.version,
  };
}

const feature = (geometry: Feature['geometry'] | null, properties: Record<string, unknown>): Feature | null =>
  geometry ? { type: 'Feature', properties, geometry } : null;

/** Runs a domain call, turning rule errors (VecuInputError, 422) into HTTP errors (French message kept). */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    return httpErrorFrom()(e);
  }
}

/** Router for /quartier-vecu/:code (one QPV) and /quartier-vecu (every QPV of a set, as a map layer) (mounted under /api). */
export function quartierVecuRouter(ctx: ApiContext): Router {
  const r = Router();
  // Bands of a whole set depend only on the set and the rule: computed once per workspace state.
  const allCache = new WeakMap<PerimeterSet, Map<string, FeatureCollection>>();

  r.get('/quartier-vecu/:code', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const ws = ctx.workspace();
    const { set, perimeter } = findPerimeter(ws, req.params.code, str(q, 'generation'), str(q, 'version'));
    const rule = ruleFrom(q, set);
    const cells = ws.cells(str(q, 'vintage'));
    if (str(q, 'vintage') && !cells) {
      const { message, details } = vintageNotLoaded(ws, str(q, 'vintage')!);
      throw new HttpError(404, message, details);
    }
    const facilities = ws.facilities(list(q, 'types').length ? list(q, 'types') : undefined);
    const communes = rule.clip === 'none' ? { refs: [], items: [] } : ws.communes();
    const v: VecuResult = guarded(() => quartierVecu(perimeter, rule, { facilities: facilities.items, grids: cells?.grids, communes: communes.items }));
    res.json({
      rule: v.rule,
      ruleText: v.ruleText,
      perimeter: perimeterFeature(perimeter),
      band: feature(v.band, { code: v.code, kind: 'band', ruleText: v.ruleText, areaHa: v.bandAreaM2 / 1e4 }),
      qpvPlusBand: feature(v.qpvPlusBand, { code: v.code, kind: 'qpvPlusBand', ruleText: v.ruleText, areaHa: v.qpvPlusBandAreaM2 / 1e4 }),
      areas: { bandM2: v.bandAreaM2, qpvPlusBandM2: v.qpvPlusBandAreaM2 },
      clipCommunes: v.clipCommunes,
      facilities: v.facilities,
      indicators: v.indicators,
      provenance: {
        datasets: [...set.refs, ...facilities.refs, ...(cells ? cells.refs : []), ...communes.refs],
        parameters: { ...rule, vintage: cells?.vintage ?? null, types: list(q, 'types') },
      },
    });
  });

  r.get('/quartier-vecu', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const ws = ctx.workspace();
    const generation = str(q, 'generation');
    const set = generation ? requirePerimeterSet(ws, generation, str(q, 'version')) : ws.perimeterSets().at(-1);
    if (!set) throw new HttpError(404, 'Aucun périmètre QPV n’est chargé.');
    const rule = ruleFrom(q, set);
    if (rule.include.length || rule.exclude.length) throw new HttpError(400, 'include/exclude ne s’appliquent qu’au quartier vécu d’un seul QPV (/quartier-vecu/CODE).');
    const key = `${rule.distance}|${rule.clip}`;
    let byRule = allCache.get(set);
    if (!byRule) allCache.set(set, (byRule = new Map()));
    let fc = byRule.get(key);
    if (!fc) {
      const communes = rule.clip === 'none' ? [] : ws.communes().items;
      const all = guarded(() => quartierVecuAll(set.items, rule, { facilities: [], communes }));
      const overlapsOf = (code: string) => all.overlaps.filter((o) => o.code === code || (o.with === 'band' && o.otherCode === code));
      fc = {
        type: 'FeatureCollection',
        features: all.results.filter((v) => v.band).map((v) => ({
          type: 'Feature',
          id: `${set.generation}:${v.code}`,
          properties: {
            code: v.code, name: v.name, generation: v.generation, version: v.version, distance: rule.distance, clip: rule.clip,
            ruleText: v.ruleText, areaHa: Math.round(v.bandAreaM2 / 100) / 100,
            overlapsBandsOf: overlapsOf(v.code).filter((o) => o.with === 'band').map((o) => (o.code === v.code ? o.otherCode : o.code)),
            overlapsQpv: overlapsOf(v.code).filter((o) => o.with === 'perimeter' && o.code === v.code).map((o) => o.otherCode),
          },
          geometry: v.band!,
        })),
      };
      byRule.set(key, fc);
    }
    res.json({ ...fc, provenance: { datasets: set.refs ?? [set.ref], parameters: { distance: rule.distance, clip: rule.clip, generation: set.generation, version: set.version } } });
  });

  return r;
}
