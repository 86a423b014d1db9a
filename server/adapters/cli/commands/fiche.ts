// qpv-atlas fiche CODE: the "portrait de quartier" of one QPV, as JSON or as a French Markdown text.
import type { Command } from 'commander';
import { resolveDataDir } from '../../../config.ts';
import { openWorkspace } from '../../../app/openWorkspace.ts';
import { quartierFiche, type FicheFacility, type QuartierFiche } from '../../../app/fiche.ts';
import type { AreaIndicators } from '../../../domain/indicators.ts';
import type { ZoneFigures } from '../../../domain/perimeterChanges.ts';
import { asCliError, CliError, withDataDir } from '../context.ts';

// French formats with plain spaces (a terminal or a Markdown file shows U+202F inconsistently).
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
/** 14327.4 → "14 327"; digits for decimals. */
export const frNumber = (n: number, digits = 0) => plain(n.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
/** 0.6314 → "63,1 %". */
export const frPercent = (x: number) => `${frNumber(x * 100, 1)} %`;

const SECRET = 'secret statistique';
const NO_DATA = 'hors données';

/** Why a figure is missing: INSEE secrecy and "no data" are different things, and say so. */
function status(x: { secret: boolean; noData: boolean; noDataReason: string | null; coverage: number | null }): string | null {
  if (x.noData && !x.coverage) return `${NO_DATA} (${x.noDataReason ?? 'zone hors de l’emprise des carreaux'})`;
  if (x.secret) return `${SECRET} (moins de 11 ménages)`;
  return null;
}

function partialNote(x: { noData: boolean; coverage: number | null }): string {
  // Rounded down like the domain's reason, so that 0.9899 never reads "99,0 %".
  return x.noData && x.coverage ? ` — chiffres partiels : ${frPercent(Math.floor(x.coverage * 1000 + 1e-9) / 1000)} de la zone dans l’emprise des carreaux` : '';
}

function indicatorLines(gen: string, x: AreaIndicators & { codes: string[] }, vintage: string | null): string[] {
  const head = `- **Périmètre ${gen}** (${x.codes.join(', ')}, ${frNumber(x.areaM2 / 1e4, 1)} ha, Filosofi ${vintage ?? '?'})`;
  const s = status(x);
  if (s) return [`${head} : ${s}`];
  const c = x.counts, r = x.rates;
  const parts = [
    c.ind !== null ? `${frNumber(c.ind)} habitants` : null,
    c.men !== null ? `${frNumber(c.men)} ménages` : null,
    r.povertyRate !== null ? `taux de pauvreté ${frPercent(r.povertyRate)}` : null,
    r.meanLivingStandard !== null ? `niveau de vie moyen ${frNumber(r.meanLivingStandard)} €` : null,
    r.socialHousingShare !== null ? `logement social ${frPercent(r.socialHousingShare)}` : null,
    r.singleParentShare !== null ? `familles monoparentales ${frPercent(r.singleParentShare)}` : null,
    x.imputedShare !== null ? `carreaux imputés ${frPercent(x.imputedShare)}` : null,
  ].filter(Boolean);
  return [`${head} : ${parts.join(' ; ')}${partialNote(x)}`];
}

function zoneLine(label: string, z: ZoneFigures | null): string {
  if (!z) return `- ${label} : aucune`;
  const s = status(z);
  const figures = s ?? [
    z.ind !== null ? `${frNumber(z.ind)} habitants` : null,
    z.men !== null ? `${frNumber(z.men)} ménages` : null,
    z.men_pauv !== null ? `${frNumber(z.men_pauv)} ménages pauvres` : null,
    z.log_soc !== null ? `${frNumber(z.log_soc)} ménages en logement social` : null,
  ].filter(Boolean).join(', ');
  return `- ${label} : ${frNumber(z.areaHa, 2)} ha — ${figures}${s ? '' : partialNote(z)}`;
}

const facilityLine = (f: FicheFacility) => `  - ${f.typeLabel} · ${f.name ?? f.id} (${f.id})`;

/** Returns the fiche as a French Markdown portrait (French number formats, secret vs hors données). */
export function ficheToMarkdown(f: QuartierFiche): string {
  const id = f.identity;
  const vintage = (f.provenance.parameters.vintage as string | null) ?? null;
  const out: string[] = [`# ${id.name} (${id.code})`, ''];
  out.push(`- Génération : QPV ${id.generation}${id.version ? ` (version ${id.version})` : ''} — ${id.decree}`);
  out.push(`- Communes : ${id.communes.map((c) => (c.name ? `${c.name} (${c.code})` : c.code)).join(', ') || 'inconnues'}`);
  if (id.departement) out.push(`- Département : ${id.departement}`);
  if (id.epci) out.push(`- EPCI (SIREN) : ${id.epci}`);
  out.push(`- Surface : ${frNumber(id.areaHa, 1)} ha`);
  if (id.anctLetter) out.push(`- Lettre ANCT : ${id.anctLetter}`);

  out.push('', '## Filiation', '');
  const links = [...f.lineage.predecessors.map((l) => ['Prédécesseur', l] as const), ...f.lineage.successors.map((l) => ['Successeur', l] as const)];
  for (const [kind, l] of links) {
    out.push(`- ${kind} ${l.generation} : ${l.name} (${l.code}) — ${frPercent(l.shareOfOld)} de l’ancien et ${frPercent(l.shareOfNew)} du nouveau en commun`);
  }
  if (f.lineage.classLabel) out.push(`- Évolution calculée sur la géométrie : ${f.lineage.classLabel}`);
  if (f.lineage.note) out.push(`- ${f.lineage.note}`);

  out.push('', '## Indicateurs', '');
  const gens = Object.keys(f.indicators).sort();
  if (!gens.length) out.push('- Aucun indicateur : pas de carreaux Filosofi chargés (hors données).');
  for (const g of gens) out.push(...indicatorLines(g, f.indicators[g], vintage));

  if (f.changes.from) {
    out.push('', `## Zones entrées et sorties (${f.changes.from} → ${f.changes.to})`, '');
    out.push(zoneLine('Entrée dans la géographie prioritaire', f.changes.gained));
    out.push(zoneLine('Sortie', f.changes.lost));
    out.push(zoneLine('Conservée', f.changes.kept));
  }

  out.push('', '## Équipements', '');
  if (f.facilities.note) out.push(`- ${f.facilities.note}`);
  for (const [label, list] of [['Entrés', f.facilities.entered], ['Sortis', f.facilities.left], ['Restés dans le quartier', f.facilities.stayedInside]] as const) {
    out.push(`- ${label} : ${list.length ? list.length : 'aucun'}`);
    out.push(...list.map(facilityLine));
  }

  if (f.quartierVecu) {
    const v = f.quartierVecu;
    out.push('', '## Quartier vécu', '', `- ${v.ruleText} (${frNumber(v.bandAreaHa, 1)} ha)`);
    for (const t of v.byType) out.push(`- ${t.typeLabel} : ${t.qpv} dans le QPV, ${t.band} dans la bande`);
    if (v.band) {
      const s = status(v.band);
      out.push(`- Population de la bande : ${s ?? `${frNumber(v.band.counts.ind ?? 0)} habitants${partialNote(v.band)}`}`);
    }
  }
  if (f.notes.length) out.push('', '## Avertissements', '', ...f.notes.map((n) => `- ${n}`));
  out.push('', `Sources : ${[...new Set(f.provenance.datasets.map((d) => d.label))].join(' ; ')}`);
  return out.join('\n');
}

export function register(program: Command): void {
  withDataDir(program.command('fiche').description('portrait d’un quartier : identité, filiation, indicateurs, zones entrées/sorties, équipements, quartier vécu'))
    .argument('<code>', 'code du QPV (ex. QN03107M ou QP031007)')
    .option('--generation <g>', 'génération du code (défaut : la plus récente qui le contient)')
    .option('--version <v>', 'version du fichier de périmètres')
    .option('--vintage <v>', 'millésime Filosofi (le même pour toutes les générations)')
    .option('--distance <m>', 'largeur de la bande du quartier vécu en mètres', '300')
    .option('--tolerance <m>', 'tolérance de comparaison des contours en mètres')
    .option('--format <f>', 'md | json', 'md')
    .action(async (code: string, o) => {
      if (!['md', 'json'].includes(o.format)) throw new CliError(`--format invalide : « ${o.format} » (md ou json).`);
      const distance = Number(o.distance);
      const tolerance = o.tolerance === undefined ? undefined : Number(o.tolerance);
      if (!Number.isFinite(distance) || distance <= 0) throw new CliError(`--distance invalide : « ${o.distance} » (un nombre de mètres, ex. 300).`);
      if (tolerance !== undefined && !Number.isFinite(tolerance)) throw new CliError(`--tolerance invalide : « ${o.tolerance} » (un nombre de mètres, ex. 20).`);
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      let fiche: QuartierFiche;
      try {
        fiche = await quartierFiche(ws, code, { generation: o.generation, version: o.version, vintage: o.vintage, distance, tolerance });
      } catch (e) {
        asCliError(e);
      }
      console.log(o.format === 'json' ? JSON.stringify(fiche, null, 2) : ficheToMarkdown(fiche));
    });
}
