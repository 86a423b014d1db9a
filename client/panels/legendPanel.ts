// The legend: one entry per visible layer, built from the layer definitions, the choropleth classes
// and the facility groups; also shown in /embed. Ends with the sources line.
import { h, mount } from '../dom.ts';
import type { AppContext } from '../context.ts';
import type { ChoroplethLegend } from '../choropleth.ts';
import { NO_DATA_COLOR } from '../choropleth.ts';
import { formatBreak } from '../format.ts';
import { FACILITY_SYMBOLS, type Swatch } from '../layers.ts';
import { visibleDefs } from '../map.ts';

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Returns an inline SVG swatch (24×14 px) drawing a legend entry. */
export function swatchSvg(s: Omit<Swatch, 'label'> & { label?: string }): SVGElement {
  const svg = svgEl('svg', { width: 24, height: 14, viewBox: '0 0 24 14', 'aria-hidden': 'true', class: 'swatch' });
  if (s.shape === 'line') {
    svg.append(svgEl('line', { x1: 1, y1: 7, x2: 23, y2: 7, stroke: s.stroke ?? '#000', 'stroke-width': 2, ...(s.dash ? { 'stroke-dasharray': '4 3' } : {}) }));
    return svg;
  }
  if (s.hatch) {
    const id = `h${Math.random().toString(36).slice(2, 8)}`;
    const pattern = svgEl('pattern', { id, width: 5, height: 5, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(-45)' });
    pattern.append(svgEl('rect', { width: 5, height: 5, fill: s.fill ?? '#ffffff', 'fill-opacity': s.fill ? 0.35 : 1 }), svgEl('line', { x1: 0, y1: 0, x2: 0, y2: 5, stroke: s.hatch, 'stroke-width': 2 }));
    const defs = svgEl('defs', {});
    defs.append(pattern);
    svg.append(defs, svgEl('rect', { x: 1, y: 1, width: 22, height: 12, fill: `url(#${id})`, stroke: s.stroke ?? s.hatch, 'stroke-width': 1 }));
    return svg;
  }
  svg.append(svgEl('rect', {
    x: 1, y: 1, width: 22, height: 12, fill: s.fill ?? 'none', 'fill-opacity': s.fillOpacity ?? 1,
    stroke: s.stroke ?? 'none', 'stroke-width': s.stroke ? 2 : 0, ...(s.dash ? { 'stroke-dasharray': '4 3' } : {}),
  }));
  return svg;
}

function symbolImg(group: string): HTMLElement {
  const s = FACILITY_SYMBOLS[group] ?? FACILITY_SYMBOLS.autre;
  return h('span', { class: `facility-symbol shape-${s.shape}`, style: `--c:${s.color}`, 'aria-hidden': 'true' });
}

function entry(sw: Node, label: string): HTMLElement {
  return h('li', {}, sw, h('span', {}, label));
}

/** Returns the legend element; it follows the store and the choropleth. */
export function legendPanel(ctx: AppContext): HTMLElement {
  const list = h('div', { class: 'legend-body' });
  let choro: ChoroplethLegend | null = null;
  const render = () => {
    const s = ctx.store.get();
    const visible = new Set([...visibleDefs(s, ctx.main.defs, 'main'), ...(s.compare !== 'none' ? visibleDefs(s, ctx.main.defs, 'before') : [])]);
    const blocks: HTMLElement[] = [];
    for (const d of [...ctx.main.defs].reverse()) {
      if (!visible.has(d.id)) continue;
      if (d.id === 'cells') {
        const items: HTMLElement[] = [];
        if (choro && choro.colors.length) {
          const unit = choro.indicator.unit;
          choro.colors.forEach((c, i) => {
            const lo = choro!.breaks[i - 1], hi = choro!.breaks[i];
            const label = i === 0 ? (hi === undefined ? 'toutes valeurs' : `moins de ${formatBreak(hi, unit)}`)
              : hi === undefined ? `${formatBreak(lo, unit)} et plus` : `de ${formatBreak(lo, unit)} à moins de ${formatBreak(hi, unit)}`;
            items.push(entry(swatchSvg({ fill: c, stroke: '#999', shape: 'square' }), label));
          });
        }
        items.push(entry(swatchSvg({ fill: NO_DATA_COLOR, shape: 'square' }), 'non calculable (aucun ménage)'));
        items.push(entry(swatchSvg({ hatch: '#7a7a7a', fill: '#dcdcdc', shape: 'square' }), 'secret statistique (moins de 11 ménages)'));
        blocks.push(h('section', { class: 'legend-block', 'data-legend': 'cells' },
          h('h3', {}, `${choro?.indicator.label ?? 'Carreaux Filosofi'} — carreaux de 200 m${s.vintage || ctx.cellVintages[0] ? ` (Filosofi ${s.vintage || ctx.cellVintages[0]})` : ''}`), h('ul', {}, items)));
        continue;
      }
      if (d.id === 'facilities') {
        const groups = [...new Map(ctx.facilityTypes.map((t) => [t.group, t.groupLabel])).entries()];
        blocks.push(h('section', { class: 'legend-block', 'data-legend': 'facilities' }, h('h3', {}, 'Équipements'),
          h('ul', {}, groups.length ? groups.map(([g, label]) => entry(symbolImg(g), label)) : [h('li', {}, 'aucun équipement chargé')])));
        continue;
      }
      const gen = d.group === 'qpv' ? ctx.generations.find((g) => `qpv${g.generation}` === d.id) : undefined;
      blocks.push(h('section', { class: 'legend-block', 'data-legend': d.id },
        h('ul', {}, d.swatches.map((sw) => entry(swatchSvg(sw), sw.label.replace('{vecu}', s.vecu.toLocaleString('fr-FR')) + (gen?.version ? ` (version ${gen.version})` : '')))),
        gen?.decree ? h('p', { class: 'decree' }, gen.decree.charAt(0).toUpperCase() + gen.decree.slice(1)) : null));
    }
    const activeVintage = s.vintage || ctx.cellVintages[0] || null;
    const cited = ctx.sources.filter((d) => !(d.kind === 'cells' && d.vintage && activeVintage && d.vintage !== activeVintage)).filter((d) => visible.has(d.kind === 'perimeters' ? `qpv${d.generation}` : d.kind === 'cells' ? 'cells' : d.kind === 'communes' ? 'communes' : d.kind === 'facilities' ? 'facilities' : d.kind === 'extensions' ? 'changes' : ''))
      .map((d) => d.label);
    mount(list, blocks.length ? blocks : [h('p', { class: 'hint' }, 'Aucune couche affichée.')],
      cited.length ? h('p', { class: 'sources' }, `Sources : ${cited.join(' ; ')}`) : null);
  };
  ctx.store.subscribe(render);
  ctx.onChoropleth((l) => { choro = l; render(); });
  render();
  // a <details> so the legend folds away on small screens (and in narrow iframes) with one tap or key press
  const details = h('details', { class: 'legend', id: 'legend', open: true }, h('summary', {}, h('h2', {}, 'Légende')), list);
  if (window.matchMedia('(max-width: 700px)').matches) details.open = false;
  return details;
}
