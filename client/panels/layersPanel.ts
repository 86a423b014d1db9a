// Layer toggles, one checkbox per layer definition, plus the settings that belong to a layer
// (quartier vécu distance, facility type filter).
import { h } from '../dom.ts';
import type { AppContext } from '../context.ts';
import { withLayer } from '../state.ts';

const GROUP_LABELS: Record<string, string> = {
  qpv: 'Quartiers prioritaires', analyse: 'Analyses', stats: 'Statistiques', equipements: 'Équipements', base: 'Fond',
};

/** Preset quartier-vécu distances (metres): no official value exists, these are the rules in use. */
export const VECU_PRESETS = [300, 500, 1000];

/** Returns the layers panel. */
export function layersPanel(ctx: AppContext): HTMLElement {
  const { store } = ctx;
  const defs = ctx.main.defs;
  const groups = ['qpv', 'analyse', 'stats', 'equipements', 'base'];
  const boxes = new Map<string, HTMLInputElement>();

  const fieldsets = groups.map((g) => {
    const items = defs.filter((d) => d.group === g).reverse();
    if (!items.length) return null;
    return h('fieldset', {}, h('legend', {}, GROUP_LABELS[g]), ...items.map((d) => {
      const input = h('input', {
        type: 'checkbox', id: `layer-${d.id}`, 'data-layer': d.id,
        onchange: (e: Event) => store.update({ layers: withLayer(store.get().layers, d.id, (e.target as HTMLInputElement).checked) }),
      });
      boxes.set(d.id, input);
      return h('div', { class: 'check' }, input, h('label', { for: `layer-${d.id}` }, d.label));
    }));
  });

  const vecuSelect = h('select', {
    id: 'vecu-distance',
    onchange: (e: Event) => store.update({ vecu: Number((e.target as HTMLSelectElement).value) }),
  }, ...VECU_PRESETS.map((v) => h('option', { value: v }, `${v.toLocaleString('fr-FR')} m`)));
  const vecuRow = h('div', { class: 'row' }, h('label', { for: 'vecu-distance' }, 'Distance du quartier vécu'), vecuSelect);

  const typeBoxes = ctx.facilityTypes.map((t) => {
    const input = h('input', {
      type: 'checkbox', id: `ftype-${t.code}`, value: t.code,
      onchange: () => store.update({ facilityTypes: typeBoxes.filter((b) => b.checked).map((b) => b.value) }),
    });
    return input;
  });
  const typeFilter = ctx.facilityTypes.length
    ? h('details', { class: 'subpanel' }, h('summary', {}, 'Filtrer les types d’équipements'),
      h('p', { class: 'hint' }, 'Aucune case cochée : tous les types.'),
      ...ctx.facilityTypes.map((t, i) => h('div', { class: 'check' }, typeBoxes[i], h('label', { for: `ftype-${t.code}` }, `${t.label} (${t.count.toLocaleString('fr-FR')})`))))
    : h('p', { class: 'hint' }, 'Aucun équipement chargé sur ce serveur.');

  const sync = () => {
    const s = store.get();
    for (const [id, b] of boxes) b.checked = s.layers.includes(id);
    if (![...vecuSelect.options].some((o) => Number(o.value) === s.vecu)) vecuSelect.append(h('option', { value: s.vecu }, `${s.vecu.toLocaleString('fr-FR')} m`));
    vecuSelect.value = String(s.vecu);
    for (const b of typeBoxes) b.checked = s.facilityTypes.includes(b.value);
  };
  store.subscribe(sync);
  sync();
  return h('details', { class: 'panel', open: true, id: 'panel-layers' },
    h('summary', {}, h('h2', {}, 'Couches')),
    ...fieldsets, vecuRow, typeFilter);
}
