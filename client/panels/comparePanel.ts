// Compare controls: mode (single map / swipe / side by side) and the two generations.
import { h } from '../dom.ts';
import type { AppContext } from '../context.ts';
import type { CompareMode } from '../state.ts';
import { withLayer } from '../state.ts';

const MODES: [CompareMode, string][] = [['none', 'Carte unique'], ['swipe', 'Rideau (glisser)'], ['side', 'Côte à côte']];

/** Returns the compare panel. */
export function comparePanel(ctx: AppContext): HTMLElement {
  const { store } = ctx;
  const gens = [...new Set(ctx.generations.map((g) => g.generation))];
  const radios = MODES.map(([v, label]) => {
    const input = h('input', {
      type: 'radio', name: 'compare-mode', id: `compare-${v}`, value: v,
      onchange: () => {
        const s = store.get();
        // comparing needs both generations drawn
        let layers = s.layers;
        if (v !== 'none') for (const g of [s.from, s.to]) layers = layers.includes(`qpv${g}`) ? layers : withLayer(layers, `qpv${g}`, true);
        store.update({ compare: v, layers });
      },
    });
    return { v, input, el: h('div', { class: 'check' }, input, h('label', { for: `compare-${v}` }, label)) };
  });
  const select = (id: string, key: 'from' | 'to', label: string) => {
    const el = h('select', { id, onchange: () => store.update({ [key]: el.value }) }, ...gens.map((g) => h('option', { value: g }, g)));
    return { el, row: h('div', { class: 'row' }, h('label', { for: id }, label), el) };
  };
  const from = select('compare-from', 'from', 'Avant (à gauche)');
  const to = select('compare-to', 'to', 'Après (à droite)');
  const sync = () => {
    const s = store.get();
    for (const r of radios) r.input.checked = r.v === s.compare;
    from.el.value = s.from; to.el.value = s.to;
  };
  store.subscribe(sync);
  sync();
  return h('details', { class: 'panel', id: 'panel-compare' },
    h('summary', {}, h('h2', {}, 'Comparer 2015 et 2024')),
    h('fieldset', {}, h('legend', {}, 'Mode'), ...radios.map((r) => r.el)),
    from.row, to.row,
    h('button', { type: 'button', id: 'show-changes', onclick: () => store.update({ layers: withLayer(store.get().layers, 'changes', true) }) }, 'Afficher les zones entrées / sorties'),
    gens.length < 2 ? h('p', { class: 'hint' }, 'Une seule génération est chargée sur ce serveur : la comparaison n’a pas de sens.') : null);
}
