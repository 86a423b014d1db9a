// Choropleth settings for the Filosofi cells: indicator, class method, number of classes, palette, manual breaks.
import { h } from '../dom.ts';
import type { AppContext } from '../context.ts';
import { INDICATORS } from '../indicators.ts';
import { PALETTES } from '../palettes.ts';
import type { ClassMethod } from '../state.ts';
import { withLayer } from '../state.ts';

const METHODS: [ClassMethod, string][] = [
  ['quantiles', 'Quantiles'], ['equal', 'Intervalles égaux'], ['jenks', 'Seuils naturels (Jenks)'], ['manual', 'Manuel'],
];

/** Returns the cells (choropleth) panel. */
export function cellsPanel(ctx: AppContext): HTMLElement {
  const { store } = ctx;
  const indicator = h('select', { id: 'cells-indicator', onchange: () => store.update({ indicator: indicator.value, layers: withLayer(store.get().layers, 'cells', true) }) },
    ...INDICATORS.map((i) => h('option', { value: i.id }, i.label)));
  const method = h('select', { id: 'cells-method', onchange: () => store.update({ method: method.value as ClassMethod }) },
    ...METHODS.map(([v, l]) => h('option', { value: v }, l)));
  const classes = h('input', { id: 'cells-classes', type: 'number', min: 2, max: 9, step: 1, onchange: () => store.update({ classes: Math.min(9, Math.max(2, Number(classes.value) || 5)) }) });
  const palette = h('select', { id: 'cells-palette', onchange: () => store.update({ palette: palette.value }) },
    ...PALETTES.map((p) => h('option', { value: p.id }, p.label)));
  const breaks = h('input', {
    id: 'cells-breaks', type: 'text', inputmode: 'decimal', placeholder: 'ex. 0,15 ; 0,25 ; 0,35',
    onchange: () => store.update({ breaks: breaks.value.split(/[;\s]+/).map((v) => Number(v.replace(',', '.'))).filter(Number.isFinite).sort((a, b) => a - b) }),
  });
  // the vintage picker only appears when the server has several Filosofi vintages loaded
  const vintages = ctx.cellVintages;
  const vintage = h('select', { id: 'cells-vintage', onchange: () => store.update({ vintage: vintage.value }) },
    ...vintages.map((v, i) => h('option', { value: v }, i === 0 ? `${v} (le plus récent)` : v)));
  const vintageRow = vintages.length > 1
    ? h('div', { class: 'row' }, h('label', { for: 'cells-vintage' }, 'Millésime Filosofi'), vintage,
      h('p', { class: 'hint' }, 'L’INSEE déconseille de comparer des millésimes sous l’échelle communale : la fiche compare les deux périmètres sur un même millésime.'))
    : h('p', { class: 'hint', id: 'cells-vintage-single' }, vintages.length ? `Millésime Filosofi : ${vintages[0]}` : 'Aucun carroyage Filosofi chargé sur ce serveur.');
  const breaksRow = h('div', { class: 'row' }, h('label', { for: 'cells-breaks' }, 'Seuils manuels (séparés par « ; », parts entre 0 et 1, montants en €)'), breaks);
  const sync = () => {
    const s = store.get();
    // a link may name a vintage this server lacks: keep it visible (its tiles report the error) rather than silently switch
    if (s.vintage && ![...vintage.options].some((o) => o.value === s.vintage)) vintage.append(h('option', { value: s.vintage }, `${s.vintage} (non chargé)`));
    vintage.value = s.vintage || vintages[0] || '';
    indicator.value = s.indicator; method.value = s.method; classes.value = String(s.classes); palette.value = s.palette;
    breaks.value = s.breaks.map((b) => String(b).replace('.', ',')).join(' ; ');
    breaksRow.hidden = s.method !== 'manual';
    classes.disabled = s.method === 'manual';
  };
  store.subscribe(sync);
  sync();
  return h('details', { class: 'panel', id: 'panel-cells' },
    h('summary', {}, h('h2', {}, 'Carreaux Filosofi')),
    vintageRow,
    h('div', { class: 'row' }, h('label', { for: 'cells-indicator' }, 'Indicateur'), indicator),
    h('div', { class: 'row' }, h('label', { for: 'cells-method' }, 'Discrétisation'), method),
    h('div', { class: 'row' }, h('label', { for: 'cells-classes' }, 'Nombre de classes'), classes),
    h('div', { class: 'row' }, h('label', { for: 'cells-palette' }, 'Palette'), palette),
    breaksRow,
    h('p', { class: 'hint' }, 'Carreaux de moins de 11 ménages : hachurés gris (secret statistique). Les seuils sont calculés sur les carreaux visibles.'));
}
