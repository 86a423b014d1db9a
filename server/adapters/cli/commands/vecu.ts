// qpv-atlas vecu: the quartier vécu of one QPV (band, facilities, population) under an explicit rule.
import type { Command } from 'commander';
import type { Feature, FeatureCollection } from 'geojson';
import { resolveDataDir } from '../../../config.ts';
import { openWorkspace } from '../../../app/openWorkspace.ts';
import type { Workspace } from '../../../app/workspace.ts';
import { quartierVecu, type VecuClip } from '../../../domain/quartierVecu.ts';
import { asCliError, CliError, withDataDir } from '../context.ts';

export interface VecuCliOptions {
  qpv: string;
  distance: number;
  clip: VecuClip;
  generation?: string;
  version?: string;
  include: string[];
  exclude: string[];
  vintage?: string;
  format: 'text' | 'json' | 'geojson';
}

const fr = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits });
const splitList = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

/** Returns the command's stdout for a workspace (text summary, JSON result or GeoJSON outlines in lonLat). */
export function runVecu(ws: Workspace, o: VecuCliOptions): string {
  const sets = o.generation ? [ws.perimeterSet(o.generation, o.version)].filter((s) => s !== null) : ws.perimeterSets();
  const set = [...sets].reverse().find((s) => s.items.some((p) => p.code === o.qpv));
  if (!set) throw new CliError(`QPV « ${o.qpv} » introuvable${o.generation ? ` dans les périmètres ${o.generation}` : ''}.`);
  const perimeter = set.items.find((p) => p.code === o.qpv)!;
  const cells = ws.cells(o.vintage);
  let v;
  try {
    v = quartierVecu(perimeter, { distance: o.distance, clip: o.clip, include: o.include, exclude: o.exclude, generation: set.generation, version: set.version }, {
      facilities: ws.facilities().items, grids: cells?.grids, communes: o.clip === 'none' ? [] : ws.communes().items,
    });
  } catch (e) {
    asCliError(e);
  }
  if (o.format === 'json') return JSON.stringify({ ...v, provenance: { datasets: [...set.refs, ...ws.facilities().refs, ...(cells?.refs ?? [])], parameters: { ...v.rule, vintage: cells?.vintage ?? null } } }, null, 2);
  if (o.format === 'geojson') {
    const features: Feature[] = [
      { type: 'Feature', properties: { code: v.code, kind: 'perimeter', name: v.name }, geometry: perimeter.geometry },
      ...(v.band ? [{ type: 'Feature' as const, properties: { code: v.code, kind: 'band', ruleText: v.ruleText, areaHa: v.bandAreaM2 / 1e4 }, geometry: v.band }] : []),
      { type: 'Feature', properties: { code: v.code, kind: 'qpvPlusBand', ruleText: v.ruleText, areaHa: v.qpvPlusBandAreaM2 / 1e4 }, geometry: v.qpvPlusBand },
      ...(['qpv', 'band', 'added'] as const).flatMap((place) => v.facilities[place].map((f): Feature => ({
        type: 'Feature', properties: { kind: 'facility', place, id: f.id, name: f.name, type: f.type, typeLabel: f.typeLabel, distance_m: Math.round(f.distance) }, geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
      }))),
    ];
    return JSON.stringify({ type: 'FeatureCollection', features } satisfies FeatureCollection);
  }
  const lines = [`${v.code} ${v.name}`, v.ruleText, `Bande : ${fr(v.bandAreaM2 / 1e4, 1)} ha ; QPV + bande : ${fr(v.qpvPlusBandAreaM2 / 1e4, 1)} ha`];
  const label = { qpv: 'Dans le QPV', band: 'Dans la bande', added: 'Ajoutés à la main', excluded: 'Exclus à la main' } as const;
  for (const place of ['qpv', 'band', 'added', 'excluded'] as const) {
    const list = v.facilities[place];
    if (!list.length) continue;
    lines.push(`${label[place]} (${list.length}) :`);
    for (const f of list) lines.push(`  - ${f.typeLabel} · ${f.name ?? f.id} (${f.id})${place === 'qpv' ? '' : ` · ${fr(f.distance)} m`}`);
  }
  for (const [k, ind] of [['Bande', v.indicators.band], ['QPV + bande', v.indicators.qpvPlusBand]] as const) {
    if (!ind) continue;
    if (ind.noData && ind.counts.ind === null) lines.push(`${k} : ${ind.noDataReason}`);
    else if (ind.secret) lines.push(`${k} : ${ind.secretReason}`);
    else lines.push(`${k} : ${fr(ind.counts.ind ?? 0)} habitants, ${fr(ind.counts.men ?? 0)} ménages (Filosofi ${cells?.vintage})${ind.noData ? ` — ${ind.noDataReason}` : ''}`);
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  withDataDir(program.command('vecu').description('quartier vécu d’un QPV : bande autour du périmètre, équipements, population'))
    .requiredOption('--qpv <code>', 'code du QPV (ex. QN06001M)')
    .option('--distance <m>', 'largeur de la bande en mètres (300, 500, 1000...)', '300')
    .option('--clip <mode>', 'limite : none | communes | epci', 'none')
    .option('--generation <g>', 'génération des périmètres (défaut : la plus récente qui contient le code)')
    .option('--version <v>', 'version du fichier de périmètres')
    .option('--include <ids>', 'identifiants d’équipements ajoutés à la main, séparés par des virgules')
    .option('--exclude <ids>', 'identifiants d’équipements exclus à la main')
    .option('--vintage <v>', 'millésime Filosofi pour la population')
    .option('--format <f>', 'text | json | geojson', 'text')
    .action(async (o) => {
      const distance = Number(o.distance);
      if (!Number.isFinite(distance) || distance <= 0) throw new CliError(`--distance invalide : « ${o.distance} » (un nombre de mètres, ex. 300).`);
      if (!['none', 'communes', 'epci'].includes(o.clip)) throw new CliError(`--clip invalide : « ${o.clip} » (none, communes ou epci).`);
      if (!['text', 'json', 'geojson'].includes(o.format)) throw new CliError(`--format invalide : « ${o.format} » (text, json ou geojson).`);
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      console.log(runVecu(ws, { qpv: o.qpv, distance, clip: o.clip, generation: o.generation, version: o.version, include: splitList(o.include), exclude: splitList(o.exclude), vintage: o.vintage, format: o.format }));
    });
}
