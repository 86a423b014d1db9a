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
  const breaksRow = h('div', { class: 'row' }, h('label', { for: 'cells-breaks' }, 'Seuils manuels (séparés par « ; », parts entre 0 et 1, montants en €)'), breaks);
  const sync = () => {
    const s = store.get();
    indicator.value = s.indicator; method.value = s.method; classes.value = String(s.classes); palette.value = s.palette;
    breaks.value = s.breaks.map((b) => String(b).replace('.', ',')).join(' ; ');
    breaksRow.hidden = s.method !== 'manual';
    classes.disabled = s.method === 'manual';
  };
  store.subscribe(sync);
  sync();
  return h('details', { class: 'panel', id: 'panel-cells' },
    h('summary', {}, h('h2', {}, 'Carreaux Filosofi')),
    h('div', { class: 'row' }, h('label', { for: 'cells-indicator' }, 'Indicateur'), indicator),
    h('div', { class: 'row' }, h('label', { for: 'cells-method' }, 'Discrétisation'), method),
    h('div', { class: 'row' }, h('label', { for: 'cells-classes' }, 'Nombre de classes'), classes),
    h('div', { class: 'row' }, h('label', { for: 'cells-palette' }, 'Palette'), palette),
    breaksRow,
    h('p', { class: 'hint' }, 'Carreaux de moins de 11 ménages : hachurés gris (secret statistique). Les seuils sont calculés sur les carreaux visibles.'));
}
