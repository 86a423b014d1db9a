// `qpv-atlas map` (one static map of a QPV or a bbox as SVG, PNG or PDF) and `qpv-atlas atlas`
// (one PDF page per QPV of communes or an EPCI), for batch production of contract documents.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveDataDir } from '../../../config.ts';
import { openWorkspace } from '../../../app/openWorkspace.ts';
import { buildStaticMap, DEFAULT_QPV_LAYERS, DEFAULT_VIEW_LAYERS } from '../../../app/staticMap.ts';
import { MAP_FORMATS, mapRequestFromStrings, VECU_CLIPS, type MapFormat } from '../../../app/mapRequest.ts';
import { MAP_LAYERS, renderMapSvg } from '../../../domain/mapSvg.ts';
import { CELL_INDICATORS, CLASS_METHODS } from '../../../domain/mapChoropleth.ts';
import { svgToPdf, svgToPng } from '../../render/raster.ts';
import { atlasPdf } from '../../render/atlas.ts';
import { asCliError, CliError, withDataDir } from '../context.ts';
import { pocketParamOptions, pocketParamValues } from './pockets.ts';

function pageOptions(cmd: Command): Command {
  return cmd
    .option('--layers <list>', `couches, séparées par des virgules : ${MAP_LAYERS.join(',')}`)
    .option('--generation <g>', 'génération courante des périmètres (défaut 2024)')
    .option('--indicator <i>', `indicateur des carreaux : ${CELL_INDICATORS.join(' | ')} (défaut povertyRate)`)
    .option('--classes <m>', `classes : ${CLASS_METHODS.join(' | ')} (défaut quantiles)`)
    .option('--paper <p>', 'A4 | A3 (défaut A4)')
    .option('--orientation <o>', 'portrait | landscape (défaut landscape)')
    .option('--vecu <m>', 'distance du quartier vécu en mètres (défaut 300)')
    .option('--vecu-clip <c>', `limite de la bande du quartier vécu : ${VECU_CLIPS.join(' | ')} (défaut none)`)
    .option('--vintage <v>', 'millésime Filosofi (défaut : le plus récent)');
}

/** Page options, then the pocket parameters of `qpv-atlas pockets` (same names, same reading). */
function mapOptions(cmd: Command): Command {
  return pocketParamOptions(pageOptions(cmd));
}

/** Returns the string values the shared request reader expects from commander options. */
function values(o: Record<string, unknown>): Record<string, string | undefined> {
  const s = (v: unknown) => (v === undefined ? undefined : String(v));
  return {
    layers: s(o.layers), generation: s(o.generation), indicator: s(o.indicator), classes: s(o.classes), paper: s(o.paper),
    orientation: s(o.orientation), vecu: s(o.vecu), vecuClip: s(o.vecuClip), vintage: s(o.vintage), title: s(o.title), subtitle: s(o.subtitle),
    bbox: s(o.bbox), communes: s(o.communes), ...pocketParamValues(o),
  };
}

export function register(program: Command): void {
  mapOptions(withDataDir(program.command('map').description("carte statique d'un quartier (ou d'une emprise) en SVG, PNG 300 dpi ou PDF vectoriel, avec légende, échelle, sources et décrets")))
    .option('--qpv <code>', 'code du quartier (emprise = périmètre + 20 %)')
    .option('--bbox <b>', 'emprise minLon,minLat,maxLon,maxLat (sans --qpv)')
    .option('--title <t>', 'titre (défaut : nom et code du quartier)')
    .option('--subtitle <t>', 'sous-titre')
    .option('--communes <list>', 'poches : communes de la zone d\'étude (codes INSEE)')
    .option('--format <f>', `${MAP_FORMATS.join(' | ')} (défaut pdf)`, 'pdf')
    .requiredOption('--out <file>', 'fichier à écrire')
    .action(async (o) => {
      if (!(MAP_FORMATS as readonly string[]).includes(o.format)) throw new CliError(`--format invalide : « ${o.format} » (valeurs : ${MAP_FORMATS.join(', ')}).`);
      if (!o.qpv && !o.bbox) throw new CliError('Indiquez --qpv CODE ou --bbox minLon,minLat,maxLon,maxLat.');
      let req;
      try {
        req = { ...mapRequestFromStrings(values(o), o.qpv ? DEFAULT_QPV_LAYERS : DEFAULT_VIEW_LAYERS), qpv: o.qpv?.toUpperCase() };
      } catch (e) {
        asCliError(e);
      }
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      const map = await buildStaticMap(ws, req).catch(asCliError);
      const svg = renderMapSvg(map.spec, map.data);
      const fmt = o.format as MapFormat;
      const { paper, orientation, title } = map.spec;
      const body = fmt === 'svg' ? svg : fmt === 'png' ? svgToPng(svg, paper, orientation) : await svgToPdf(svg, paper, orientation, title, map.spec.date);
      writeFileSync(o.out, body);
      process.stdout.write(`${o.out} : ${title} (${fmt.toUpperCase()}, ${paper} ${orientation === 'landscape' ? 'paysage' : 'portrait'}) — ${map.provenance.datasets.map((d) => d.label).join(' ; ')}\n`);
    });

  mapOptions(withDataDir(program.command('atlas').description('atlas PDF : une page par quartier prioritaire des communes ou de l’EPCI')))
    .option('--communes <list>', 'codes INSEE des communes, séparés par des virgules (ex. 60175,60414)')
    .option('--epci <siren>', "SIREN de l'EPCI")
    .requiredOption('--out <file>', 'fichier PDF à écrire')
    .action(async (o) => {
      const communes = String(o.communes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (!communes.length && !o.epci) throw new CliError('Indiquez --communes 60175,60414 ou --epci SIREN.');
      let page;
      try {
        page = mapRequestFromStrings({ ...values(o), communes: undefined }, DEFAULT_QPV_LAYERS);
      } catch (e) {
        asCliError(e);
      }
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      const out = await atlasPdf(ws, { communes, epci: o.epci, generation: page.generation }, page).catch(asCliError);
      writeFileSync(o.out, out.pdf);
      process.stdout.write(`${o.out} : ${out.pages} page${out.pages > 1 ? 's' : ''} (${out.codes.join(', ')})\n`);
    });
}
