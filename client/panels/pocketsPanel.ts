// Pocket explorer: the detector's parameters as a form, GET /api/pockets, the pockets on the map and in a
// sortable table (click a row → zoom), the rule stated above the table, GeoJSON/CSV exports.
import type { Feature, FeatureCollection, Position } from 'geojson';
import { fetchJson, pocketsUrl } from '../api.ts';
import { announce, errorBox, h, mount } from '../dom.ts';
import type { AppContext } from '../context.ts';
import { featureCollectionIn } from '../data.ts';
import { formatValue, plural } from '../format.ts';
import { unitForKey } from './fichePanel.ts';
import { withLayer, type PocketParams } from '../state.ts';

/** Table columns: property keys of a pocket feature, with French headers (first found key wins). */
const COLUMNS: { keys: string[]; label: string }[] = [
  { keys: ['rank'], label: 'Rang' },
  { keys: ['communeNames', 'communes', 'commune'], label: 'Commune(s)' },
  { keys: ['population', 'ind'], label: 'Habitants' },
  { keys: ['households', 'men'], label: 'Ménages' },
  { keys: ['poorHouseholds', 'men_pauv'], label: 'Ménages pauvres' },
  { keys: ['povertyRate'], label: 'Taux de pauvreté' },
  { keys: ['meanLivingStandard', 'livingStandard'], label: 'Niveau de vie moyen' },
  { keys: ['socialHousingShare'], label: 'Logements sociaux' },
  { keys: ['imputedShare'], label: 'Carreaux imputés' },
  { keys: ['nearestQpvName', 'nearestQpv'], label: 'QPV le plus proche' },
  { keys: ['nearestQpvDistance', 'distanceToQpv', 'qpvDistance'], label: 'Distance au QPV' },
  { keys: ['cellCount', 'cells'], label: 'Carreaux' },
];

function pick(p: Record<string, unknown>, keys: string[]): [string, unknown] {
  for (const k of keys) if (k in p) return [k, p[k]];
  return [keys[0], undefined];
}

function cellText(key: string, v: unknown): string {
  if (Array.isArray(v)) return key === 'cells' ? String(v.length) : v.join(', ');
  if (typeof v === 'number') return key === 'rank' || key === 'cells' ? String(v) : formatValue(v, /distance/i.test(key) ? 'metre' : unitForKey(key, v));
  if (v === null) return 'secret statistique';
  return v === undefined ? '—' : String(v);
}

function sortValue(v: unknown): number | string {
  if (Array.isArray(v)) return v.length;
  return typeof v === 'number' ? v : String(v ?? '');
}

/** Returns the lonLat bbox of a feature. */
export function featureBbox(f: Feature): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as Position;
      b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if (f.geometry && 'coordinates' in f.geometry) walk(f.geometry.coordinates);
  return b;
}

/** Returns the pocket explorer panel. */
export function pocketsPanel(ctx: AppContext): HTMLElement {
  const { store } = ctx;
  const p0 = store.get().pockets;
  const num = (id: string, label: string, value: number | null, attrs: Record<string, string | number> = {}) => {
    const input = h('input', { id, type: 'number', value: value ?? '', ...attrs });
    return { input, row: h('div', { class: 'row' }, h('label', { for: id }, label), input) };
  };
  const communes = h('input', { id: 'pk-communes', type: 'text', value: p0.communes, placeholder: 'ex. 60175, 60414', autocomplete: 'off' });
  const rate = num('pk-rate', 'Taux de pauvreté du carreau ≥ (%) — vide : critère inactif', p0.povertyRate, { min: 0, max: 100, step: 0.5 });
  const rel = num('pk-relative', 'ou taux ≥ n × celui de la zone d’étude — vide : inactif', p0.relativeRate, { min: 0, step: 0.1 });
  const nv = num('pk-living', 'ou niveau de vie moyen ≤ (€) — vide : inactif', p0.maxLivingStandard, { min: 0, step: 100 });
  const mh = num('pk-min-households', 'Ménages minimum par poche (au moins 11)', p0.minHouseholds, { min: 11, step: 1 });
  const mp = num('pk-min-population', 'Habitants minimum par poche', p0.minPopulation, { min: 0, step: 10 });
  const neighbourhood = h('select', { id: 'pk-neighbourhood' }, h('option', { value: 8 }, '8 voisins (coins compris)'), h('option', { value: 4 }, '4 voisins (côtés seulement)'));
  neighbourhood.value = String(p0.neighbourhood);
  const rankBy = h('select', { id: 'pk-rank' }, h('option', { value: 'poorHouseholds' }, 'nombre de ménages pauvres'), h('option', { value: 'population' }, 'population'), h('option', { value: 'povertyRate' }, 'taux de pauvreté'));
  rankBy.value = p0.rankBy;

  const rule = h('p', { class: 'rule', id: 'pk-rule' });
  const result = h('div', { class: 'pockets-result', 'aria-live': 'polite' });
  const downloads = h('p', { class: 'downloads' });
  let features: Feature[] = [];
  let sortKey = 'rank', sortDir = 1;

  const optional = (el: HTMLInputElement) => (el.value.trim() === '' ? null : Number(el.value));
  const readForm = (): PocketParams => ({
    communes: communes.value.split(/[,;\s]+/).filter(Boolean).join(','),
    povertyRate: optional(rate.input), relativeRate: optional(rel.input), maxLivingStandard: optional(nv.input),
    minHouseholds: Math.max(11, Number(mh.input.value) || 11), minPopulation: Math.max(0, Number(mp.input.value) || 0),
    neighbourhood: neighbourhood.value === '4' ? 4 : 8, rankBy: rankBy.value as PocketParams['rankBy'],
  });

  const renderTable = () => {
    if (!features.length) { mount(result, h('p', {}, 'Aucune poche ne répond à ces critères.')); return; }
    const rows = [...features].sort((a, b) => {
      const col = COLUMNS.find((c) => c.keys[0] === sortKey) ?? COLUMNS[0];
      const va = sortValue(pick(a.properties ?? {}, col.keys)[1]), vb = sortValue(pick(b.properties ?? {}, col.keys)[1]);
      return (va < vb ? -1 : va > vb ? 1 : 0) * sortDir;
    });
    const present = COLUMNS.filter((c) => features.some((f) => c.keys.some((k) => k in (f.properties ?? {}))));
    mount(result, h('p', {}, `${plural(features.length, 'poche')} de pauvreté trouvée${features.length > 1 ? 's' : ''}.`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'pockets-table', id: 'pockets-table' },
        h('caption', { class: 'sr-only' }, 'Poches de pauvreté ; cliquez une ligne pour centrer la carte'),
        h('thead', {}, h('tr', {}, present.map((c) => h('th', { scope: 'col', 'aria-sort': c.keys[0] === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', onclick: () => { sortDir = sortKey === c.keys[0] ? -sortDir : 1; sortKey = c.keys[0]; renderTable(); } }, c.label))))),
        h('tbody', {}, rows.map((f) => {
          const zoom = () => {
            const b = featureBbox(f);
            if (Number.isFinite(b[0])) ctx.main.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 80, maxZoom: 15, duration: 0 });
            announce(`Carte centrée sur la poche n°${f.properties?.rank ?? ''}`);
          };
          return h('tr', { tabindex: 0, onclick: zoom, onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') zoom(); } },
            present.map((c) => { const [k, v] = pick(f.properties ?? {}, c.keys); return h('td', {}, cellText(k, v)); }));
        })))));
  };

  const run = async (e?: Event) => {
    e?.preventDefault();
    const params = readForm();
    store.update({ pockets: params, layers: withLayer(store.get().layers, 'pockets', true) });
    const vintage = store.get().vintage;
    mount(result, h('p', { class: 'loading' }, 'Recherche des poches…'));
    rule.textContent = '';
    downloads.replaceChildren();
    try {
      const body = await fetchJson<Record<string, unknown>>(pocketsUrl(params, vintage));
      const fc: FeatureCollection = featureCollectionIn(body, ['pockets', 'features', 'zones']) ?? { type: 'FeatureCollection', features: [] };
      features = fc.features.map((f, i) => ({ ...f, properties: { rank: i + 1, ...(f.properties ?? {}) } }));
      ctx.hub.set('pockets', { type: 'FeatureCollection', features });
      const ruleText = body.ruleText ?? body.legend ?? (fc as { legend?: unknown }).legend;
      rule.textContent = typeof ruleText === 'string' ? `Règle : ${ruleText}` : '';
      mount(downloads, 'Exporter : ',
        h('a', { href: pocketsUrl(params, vintage, 'geojson'), download: 'poches.geojson', id: 'pk-geojson' }, 'GeoJSON'), ' · ',
        h('a', { href: pocketsUrl(params, vintage, 'csv'), download: 'poches.csv', id: 'pk-csv' }, 'CSV (Excel)'));
      renderTable();
      announce(`${plural(features.length, 'poche')} de pauvreté trouvée${features.length > 1 ? 's' : ''}`);
    } catch (err) {
      features = [];
      ctx.hub.set('pockets', { type: 'FeatureCollection', features: [] });
      mount(result, errorBox(`Recherche impossible : ${(err as Error).message}`));
    }
  };

  const form = h('form', { id: 'pockets-form', onsubmit: run },
    h('div', { class: 'row' }, h('label', { for: 'pk-communes' }, 'Communes du contrat de ville (codes INSEE)'), communes),
    rate.row, rel.row, nv.row, mh.row, mp.row,
    h('div', { class: 'row' }, h('label', { for: 'pk-neighbourhood' }, 'Regroupement des carreaux'), neighbourhood),
    h('div', { class: 'row' }, h('label', { for: 'pk-rank' }, 'Classer par'), rankBy),
    h('button', { type: 'submit', id: 'pk-run' }, 'Détecter les poches'));
  return h('details', { class: 'panel', id: 'panel-pockets' },
    h('summary', {}, h('h2', {}, 'Poches de pauvreté')),
    h('p', { class: 'hint' }, 'Hors QPV, dans les communes étudiées. Aucun seuil officiel : chaque paramètre est affiché avec le résultat.'),
    form, rule, result, downloads);
}
