// The fiche of a quartier (GET /api/perimeters/:code/fiche): identity, predecessor/successor, indicators,
// gained/lost zones, facilities in/out, quartier vécu. The answer is rendered generically (known keys get
// French labels and units) so a new field shows up instead of vanishing.
import type { Feature } from 'geojson';
import { fetchJson, query } from '../api.ts';
import { announce, errorBox, h, mount } from '../dom.ts';
import type { AppContext } from '../context.ts';
import { figureText, formatValue, type DataFlags, type Unit } from '../format.ts';
import { ficheView, isKnownFiche } from './ficheView.ts';

/** French labels of the fiche's keys (unknown keys are shown as they come). */
const LABELS: Record<string, string> = {
  code: 'Code', name: 'Nom', generation: 'Génération', version: 'Version', communes: 'Communes', departement: 'Département',
  epci: 'EPCI (SIREN)', predecessors: 'Prédécesseurs', successors: 'Successeurs', predecessor: 'Prédécesseur', successor: 'Successeur',
  indicators: 'Indicateurs', zones: 'Zones entrées / sorties', gained: 'Zone entrée', lost: 'Zone sortie', kept: 'Zone conservée',
  facilities: 'Équipements', entered: 'Équipements entrés', left: 'Équipements sortis', vecu: 'Quartier vécu', quartierVecu: 'Quartier vécu',
  population: 'Population', ind: 'Population', men: 'Ménages', households: 'Ménages', men_pauv: 'Ménages pauvres', poorHouseholds: 'Ménages pauvres',
  povertyRate: 'Taux de pauvreté', livingStandard: 'Niveau de vie moyen', meanLivingStandard: 'Niveau de vie moyen',
  socialHousingShare: 'Part de logements sociaux', singleParentShare: 'Part de familles monoparentales', under18Share: 'Part des moins de 18 ans',
  over65Share: 'Part des 65 ans et plus', ownersShare: 'Part de propriétaires', imputedShare: 'Part de carreaux imputés',
  log_soc: 'Logements sociaux', socialHousing: 'Logements sociaux', area: 'Surface', areaHa: 'Surface', areaM2: 'Surface (m²)',
  overlap: 'Recouvrement', overlapShare: 'Part recouverte', distance: 'Distance', typeLabel: 'Type', type: 'Type', vintage: 'Millésime Filosofi',
  relation: 'Relation', kind: 'Nature du changement', secret: 'Secret statistique', secretReason: 'Motif du secret', noData: 'Hors données', noDataReason: 'Motif (hors données)', coverage: 'Couverture par les carreaux', rule: 'Règle', ruleText: 'Règle', cells: 'Carreaux',
  count: 'Nombre', label: 'Libellé', decree: 'Décret',
};

/** Returns the unit a numeric field is shown in, guessed from its key (shares in [0, 1] are ratios). */
export function unitForKey(key: string, value: number): Unit {
  const k = key.toLowerCase();
  if (/rate|share|part|taux|ratio|coverage/.test(k)) return value <= 1.0001 ? 'ratio' : 'percent';
  if (/living|snv|income|niveau|revenu/.test(k)) return 'euro';
  if (/areaha|hectare/.test(k)) return 'hectare';
  if (/distance|metre|tolerance/.test(k)) return 'metre';
  if (/area/.test(k)) return 'hectare';
  return 'count';
}

const HIDDEN = new Set(['provenance', 'geometry', 'type', 'bbox', 'datasetId', 'id']);
const label = (k: string) => LABELS[k] ?? k;
/** An object carrying secret/noData flags passes them to its figures; otherwise the enclosing flags hold. */
const flagsOf = (o: Record<string, unknown>, inherited: DataFlags | null): DataFlags | null =>
  ('secret' in o || 'noData' in o ? (o as DataFlags) : inherited);

/** A figure's null means what its area's flags say (secret / hors données), never "secret" by default. */
function renderValue(key: string, v: unknown, depth: number, flags: DataFlags | null = null): Node {
  if (v === null || v === undefined) return document.createTextNode(/count|rate|share|living|men|ind|pop|household|social/i.test(key) ? figureText(null, 'count', flags) : '—');
  if (typeof v === 'number') return document.createTextNode(formatValue(key === 'areaM2' ? v : v, unitForKey(key, v)));
  if (typeof v === 'boolean') return document.createTextNode(v ? 'oui' : 'non');
  if (typeof v === 'string') return document.createTextNode(v);
  if (Array.isArray(v)) {
    if (!v.length) return document.createTextNode('aucun');
    if (v.every((x) => typeof x !== 'object' || x === null)) return document.createTextNode(v.map(String).join(', '));
    const rows = v as Record<string, unknown>[];
    if ((rows[0] as unknown as Feature).type === 'Feature') return renderValue(key, rows.map((f) => (f as unknown as Feature).properties ?? {}), depth, flags);
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => !HIDDEN.has(c) && rows.some((r) => typeof r[c] !== 'object' || r[c] === null || Array.isArray(r[c])));
    return h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, label(c))))),
      h('tbody', {}, rows.map((r) => h('tr', {}, cols.map((c) => h('td', {}, renderValue(c, r[c], depth + 1, flagsOf(r, flags)))))))));
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.type === 'FeatureCollection') return renderValue(key, (o as { features: unknown[] }).features, depth, flags);
    const entries = Object.entries(o).filter(([k]) => !HIDDEN.has(k));
    const own = flagsOf(o, flags);
    return h('dl', { class: `fiche-dl depth-${Math.min(depth, 3)}` }, entries.flatMap(([k, x]) => [h('dt', {}, label(k)), h('dd', {}, renderValue(k, x, depth + 1, own))]));
  }
  return document.createTextNode(String(v));
}

/** Returns the fiche rendered from an API answer (identity first, then every other section). */
export function renderFiche(body: Record<string, unknown>): HTMLElement {
  const identity = (body.identity ?? body.perimeter ?? body.properties ?? body) as Record<string, unknown>;
  const name = String(identity.name ?? body.name ?? identity.code ?? '');
  const code = String(identity.code ?? body.code ?? '');
  const sections = Object.entries(body).filter(([k]) => !HIDDEN.has(k) && !['identity', 'perimeter', 'properties', 'name', 'code'].includes(k));
  const provenance = body.provenance as { datasets?: { label?: string }[] } | undefined;
  return h('article', { class: 'fiche', 'aria-labelledby': 'fiche-title' },
    h('h2', { id: 'fiche-title' }, name),
    h('p', { class: 'fiche-code' }, `${code}${identity.generation ? ` — QPV ${identity.generation}` : ''}${identity.version ? ` (version ${identity.version})` : ''}`),
    ...sections.map(([k, v]) => (typeof v === 'object' && v !== null
      ? h('section', { class: 'fiche-section' }, h('h3', {}, label(k)), renderValue(k, v, 0))
      : h('p', {}, h('strong', {}, `${label(k)} : `), renderValue(k, v, 0)))),
    provenance?.datasets?.length ? h('p', { class: 'sources' }, `Sources : ${provenance.datasets.map((d) => d.label).filter(Boolean).join(' ; ')}`) : null);
}

/** Returns the fiche panel (an aside); it opens when the state selects a quartier. */
export function fichePanel(ctx: AppContext): HTMLElement {
  const body = h('div', { class: 'fiche-body', 'aria-live': 'polite' });
  const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Fermer la fiche', onclick: () => ctx.store.update({ selected: null }) }, '×');
  const panel = h('aside', { class: 'fiche-panel', id: 'fiche', hidden: true, 'aria-label': 'Fiche du quartier', tabindex: -1 }, close, body);
  let current = '';
  // the outline comes from the loaded perimeters, which may arrive after a URL selected the quartier
  const highlight = () => {
    const sel = ctx.store.get().selected;
    const outline = sel ? ctx.hub.get(`perim-${sel.generation}`)?.features.find((f) => f.properties?.code === sel.code) : undefined;
    ctx.hub.set('selected', { type: 'FeatureCollection', features: outline ? [outline] : [] });
  };
  for (const g of ctx.generations) ctx.hub.onSet(`perim-${g.generation}`, highlight);
  const open = async () => {
    const s = ctx.store.get();
    const sel = s.selected;
    const key = sel ? `${sel.code}@${sel.generation}|${s.vintage}|${s.vecu}` : ''; // the figures depend on the vintage and the band
    if (key === current) return;
    current = key;
    if (!sel) { panel.hidden = true; ctx.hub.set('selected', { type: 'FeatureCollection', features: [] }); return; }
    panel.hidden = false;
    mount(body, h('p', { class: 'loading' }, `Chargement de la fiche ${sel.code}…`));
    highlight();
    const q = query({ generation: sel.generation, vintage: s.vintage || undefined, distance: s.vecu });
    try {
      const fiche = await fetchJson<Record<string, unknown>>(`/api/perimeters/${encodeURIComponent(sel.code)}/fiche?${q}`);
      if (current !== key) return;
      mount(body, isKnownFiche(fiche) ? ficheView(fiche) : renderFiche(fiche));
    } catch (e) {
      // without the fiche service, still show who the quartier is
      try {
        const f = await fetchJson<Feature>(`/api/perimeters/${encodeURIComponent(sel.code)}?${query({ generation: sel.generation })}`);
        if (current !== key) return;
        mount(body, renderFiche({ identity: f.properties ?? {} }), errorBox(`Fiche détaillée indisponible : ${(e as Error).message}`));
      } catch (e2) {
        if (current !== key) return;
        mount(body, h('h2', { id: 'fiche-title' }, sel.code), errorBox(`Fiche indisponible : ${(e2 as Error).message}`));
      }
    }
    const title = body.querySelector('h2')?.textContent ?? sel.code;
    announce(`Fiche ouverte : ${title}`);
  };
  ctx.store.subscribe(() => void open());
  void open();
  return panel;
}
