// Renders the fiche answer of GET /api/perimeters/:code/fiche (identity, lineage, indicators per
// generation on one Filosofi vintage, gained/lost zones, facilities, quartier vécu) in French.
import { h } from '../dom.ts';
import { facilityLine } from '../facilityText.ts';
import { coverageRemark, figureText, formatValue, NO_DATA_TEXT, SECRET_TEXT, type DataFlags, type Unit } from '../format.ts';

type Obj = Record<string, unknown>;
interface AreaFigures extends DataFlags {
  counts?: Obj; rates?: Obj; imputedShare?: number | null; areaM2?: number;
}
interface Labels { counts?: Record<string, { label: string; unit: string }>; rates?: Record<string, { label: string; unit: string }> }

const obj = (x: unknown): Obj => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : {});
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The rows of the indicator table: where the figure is read and how it is shown. */
const ROWS: { from: 'counts' | 'rates' | 'top'; key: string; label: string; unit: Unit }[] = [
  { from: 'counts', key: 'ind', label: 'Habitants (estimation)', unit: 'count' },
  { from: 'counts', key: 'men', label: 'Ménages fiscaux', unit: 'count' },
  { from: 'counts', key: 'men_pauv', label: 'Ménages pauvres', unit: 'count' },
  { from: 'rates', key: 'povertyRate', label: 'Taux de pauvreté', unit: 'ratio' },
  { from: 'rates', key: 'meanLivingStandard', label: 'Niveau de vie moyen', unit: 'euro' },
  { from: 'counts', key: 'log_soc', label: 'Ménages en logement social', unit: 'count' },
  { from: 'rates', key: 'socialHousingShare', label: 'Part en logement social', unit: 'ratio' },
  { from: 'rates', key: 'singleParentShare', label: 'Part de familles monoparentales', unit: 'ratio' },
  { from: 'rates', key: 'ownersShare', label: 'Part de propriétaires', unit: 'ratio' },
  { from: 'rates', key: 'under18Share', label: 'Part des moins de 18 ans', unit: 'ratio' },
  { from: 'rates', key: 'over65Share', label: 'Part des 65 ans ou plus', unit: 'ratio' },
  { from: 'top', key: 'imputedShare', label: 'Part de carreaux imputés', unit: 'ratio' },
];

/**
 * Returns a figure of an area as French text: "secret statistique" when withheld (secret), "hors données"
 * when the area is outside the loaded cells (noData), "non disponible" when the field is absent.
 */
export function areaFigure(area: AreaFigures | null | undefined, from: 'counts' | 'rates' | 'top', key: string, unit: Unit): string {
  if (!area) return '—';
  return figureText(from === 'top' ? num((area as Obj)[key]) : num(obj(area[from])[key]), unit, area);
}

/** Returns true when an area carries at least one figure (a partly covered area keeps partial figures). */
export function hasFigures(area: Obj): boolean {
  return [area, obj(area.counts), obj(area.rates)].some((o) => Object.entries(o).some(([k, v]) => k !== 'coverage' && k !== 'areaM2' && k !== 'areaHa' && typeof v === 'number'));
}

/** Returns why an area's figures are missing or partial, in French ("hors données : …"), or null when they are complete. */
export function dataStatus(area: AreaFigures | null | undefined): string | null {
  if (!area) return null;
  if (area.secret) return `${SECRET_TEXT}${area.secretReason ? ` : ${area.secretReason}` : ' (moins de 11 ménages)'}`;
  if (!area.noData) return null;
  const partial = coverageRemark(area, hasFigures(area as Obj));
  return `${partial ?? NO_DATA_TEXT}${area.noDataReason ? ` : ${area.noDataReason}` : ''}`;
}

function section(title: string, ...content: (Node | null)[]): HTMLElement {
  return h('section', { class: 'fiche-section' }, h('h3', {}, title), ...content);
}

function dl(pairs: [string, string | Node | null | undefined][]): HTMLElement {
  return h('dl', { class: 'fiche-dl' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v as string | Node)]));
}

/** Returns true when the answer has the fiche shape this view knows. */
export function isKnownFiche(body: Obj): boolean {
  return 'identity' in body && 'indicators' in body;
}

/** Returns the fiche as an article. */
export function ficheView(body: Obj): HTMLElement {
  const id = obj(body.identity);
  const lineage = obj(body.lineage);
  const indicators = obj(body.indicators);
  const labels = obj(body.labels) as Labels;
  // the same facts as the map's facility popup, for keyboard and screen-reader users
  const communeNames = new Map(Array.isArray(id.communes) ? (id.communes as Obj[]).map((c) => [String(c.code), String(c.name ?? '')] as [string, string]) : []);
  const communes = Array.isArray(id.communes) ? (id.communes as Obj[]).map((c) => `${c.name ?? ''} (${c.code ?? ''})`).join(', ') : '';

  const relation = (list: unknown, word: string) => {
    const items = Array.isArray(list) ? (list as Obj[]) : [];
    if (!items.length) return h('p', {}, `Aucun ${word}.`);
    return h('ul', {}, items.map((p) => h('li', {}, h('strong', {}, `${p.name} (${p.code})`), ` — QPV ${p.generation}`,
      num(p.shareOfOld) !== null ? ` ; ${formatValue(num(p.shareOfOld), 'ratio')} de l’ancien périmètre repris, ${formatValue(num(p.shareOfNew), 'ratio')} du nouveau` : '')));
  };

  // indicators: one column per generation, all on the same vintage
  const gens = Object.keys(indicators).sort();
  const indicatorTable = gens.length
    ? h('div', { class: 'table-wrap' }, h('table', { class: 'fiche-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Indicateur'), ...gens.map((g) => {
        const a = obj(indicators[g]);
        const remark = coverageRemark(a, hasFigures(a));
        return h('th', { scope: 'col' }, `Périmètre ${g}`, remark ? h('span', { class: 'coverage' }, remark) : null);
      }))),
      h('tbody', {}, ROWS.map((r) => h('tr', {},
        h('th', { scope: 'row' }, (r.from === 'rates' ? labels.rates?.[r.key]?.label : r.from === 'counts' ? labels.counts?.[r.key]?.label : null) ?? r.label),
        ...gens.map((g) => h('td', {}, areaFigure(obj(indicators[g]) as AreaFigures, r.from, r.key, r.unit))))))))
    : h('p', {}, 'Aucun indicateur : pas de carreaux Filosofi chargés sur ce territoire.');
  const reasons = gens.map((g) => [g, dataStatus(obj(indicators[g]) as AreaFigures)] as const).filter(([, r]) => r).map(([g, r]) => `Périmètre ${g} : ${r}.`);

  const changes = obj(body.changes);
  const zoneRow = (key: string, label: string) => {
    const z = changes[key] as AreaFigures & { areaHa?: number } | null | undefined;
    if (!z) return h('tr', {}, h('th', { scope: 'row' }, label), h('td', { colspan: 5 }, 'aucune'));
    const c = (k: string) => figureText(num((z as Obj)[k]), 'count', z);
    const remark = coverageRemark(z, hasFigures({ ind: (z as Obj).ind, men: (z as Obj).men, men_pauv: (z as Obj).men_pauv, log_soc: (z as Obj).log_soc }));
    return h('tr', {}, h('th', { scope: 'row' }, label, remark ? h('span', { class: 'coverage' }, remark) : null), h('td', {}, formatValue(num(z.areaHa), 'hectare', false)), h('td', {}, c('ind')), h('td', {}, c('men')), h('td', {}, c('men_pauv')), h('td', {}, c('log_soc')));
  };
  const zoneReasons = [...new Set(['gained', 'lost', 'kept'].map((k) => changes[k] as AreaFigures | null).filter((z) => z && !hasFigures(z as Obj)).map((z) => dataStatus(z)).filter(Boolean))];
  // without the other generation loaded there, from/to are null: the lineage note says why, no empty table
  const changesBlock = changes.from && changes.to && ('gained' in changes || 'lost' in changes)
    ? section(`Zones entrées et sorties (${changes.from ?? ''} → ${changes.to ?? ''})`, h('div', { class: 'table-wrap' }, h('table', { class: 'fiche-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Zone'), h('th', { scope: 'col' }, 'Surface'), h('th', { scope: 'col' }, 'Habitants'), h('th', { scope: 'col' }, 'Ménages'), h('th', { scope: 'col' }, 'Ménages pauvres'), h('th', { scope: 'col' }, 'Log. sociaux'))),
      h('tbody', {}, zoneRow('gained', 'Entrée'), zoneRow('lost', 'Sortie'), zoneRow('kept', 'Conservée')))),
      zoneReasons.length ? h('p', { class: 'hint' }, `Zones ${zoneReasons.join(' ; ')}.`) : null)
    : null;

  const fac = obj(body.facilities);
  const facList = (key: string, title: string) => {
    const items = Array.isArray(fac[key]) ? (fac[key] as Obj[]) : [];
    return h('div', {}, h('h4', {}, `${title} (${items.length})`), items.length
      ? h('ul', {}, items.map((f) => h('li', {}, facilityLine(f, communeNames.get(String(f.commune))))))
      : h('p', { class: 'hint' }, 'aucun'));
  };
  const facilitiesBlock = Object.keys(fac).length
    ? section('Équipements', facList('entered', 'Entrés dans la géographie prioritaire'), facList('left', 'Sortis'), facList('stayedInside', 'Restés dedans'), fac.note ? h('p', { class: 'hint' }, String(fac.note)) : null)
    : null;

  const vecu = obj(body.quartierVecu);
  const band = obj(vecu.band) as AreaFigures;
  const byType = Array.isArray(vecu.byType) ? (vecu.byType as Obj[]) : [];
  const vecuBlock = Object.keys(vecu).length
    ? section('Quartier vécu',
      h('p', { class: 'rule' }, String(vecu.ruleText ?? `Bande de ${vecu.distance} m`)),
      dl([
        ['Surface de la bande', formatValue(num(vecu.bandAreaHa), 'hectare', false)],
        ['Habitants dans la bande', areaFigure(band, 'counts', 'ind', 'count')],
        ['Taux de pauvreté dans la bande', areaFigure(band, 'rates', 'povertyRate', 'ratio')],
        ['Données de la bande', dataStatus(band)],
      ]),
      byType.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'fiche-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Équipements'), h('th', { scope: 'col' }, 'dans le QPV'), h('th', { scope: 'col' }, 'dans la bande'))),
        h('tbody', {}, byType.map((t) => h('tr', {}, h('th', { scope: 'row' }, String(t.typeLabel ?? t.type)), h('td', {}, String(t.qpv ?? 0)), h('td', {}, String(t.band ?? 0))))))) : null)
    : null;

  const shownNotes = [lineage.note, ...gens.map((g) => obj(indicators[g]).noDataReason), ...gens.map((g) => obj(indicators[g]).secretReason)].filter((x): x is string => typeof x === 'string' && x !== '');
  const notes = (Array.isArray(body.notes) ? (body.notes as unknown[]).map((n) => (typeof n === 'string' ? n : String(obj(n).message ?? obj(n).text ?? JSON.stringify(n)))) : [])
    .filter((n) => !shownNotes.some((t) => n.includes(t.replace(/\.$/, ''))));
  const provenance = obj(body.provenance);
  const datasets = Array.isArray(provenance.datasets) ? [...new Set((provenance.datasets as Obj[]).map((d) => String(d.label ?? '')).filter(Boolean))] : [];

  return h('article', { class: 'fiche', 'aria-labelledby': 'fiche-title' },
    h('h2', { id: 'fiche-title' }, String(id.name ?? id.code ?? '')),
    h('p', { class: 'fiche-code' }, `${id.code ?? ''} — QPV ${id.generation ?? ''}${id.version ? ` (version ${id.version})` : ''}`),
    dl([
      ['Commune(s)', communes],
      ['Département', id.departement ? String(id.departement) : null],
      ['Surface', formatValue(num(id.areaHa), 'hectare', false)],
      ['Texte', id.decree ? String(id.decree) : null],
    ]),
    section('Prédécesseurs et successeurs',
      lineage.classLabel ? h('p', {}, `Évolution : ${lineage.classLabel}`) : null,
      h('h4', {}, 'Prédécesseurs'), relation(lineage.predecessors, 'prédécesseur'),
      h('h4', {}, 'Successeurs'), relation(lineage.successors, 'successeur'),
      lineage.note ? h('p', { class: 'note', role: 'note' }, String(lineage.note)) : null),
    section('Indicateurs (même millésime Filosofi pour chaque périmètre)', indicatorTable,
      reasons.length ? h('p', { class: 'hint' }, reasons.join(' ')) : null),
    changesBlock, facilitiesBlock, vecuBlock,
    notes.length ? section('Remarques', h('ul', {}, notes.map((n) => h('li', {}, n)))) : null,
    datasets.length ? h('p', { class: 'sources' }, `Sources : ${datasets.join(' ; ')}`) : null);
}
