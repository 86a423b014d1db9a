// Comparing two generations: a swipe (the "before" map on top, clipped at the slider) or side by side
// (two synced maps). The before map shows the `from` generation, the main map the `to` generation.
import { h } from './dom.ts';
import type { AtlasMap } from './map.ts';
import type { CompareMode, Store } from './state.ts';

/** Keeps two maps on the same camera; returns the function that stops it. */
export function syncMaps(a: AtlasMap, b: AtlasMap): () => void {
  let busy = false;
  const follow = (from: AtlasMap, to: AtlasMap) => () => {
    if (busy) return;
    busy = true;
    to.map.jumpTo({ center: from.map.getCenter(), zoom: from.map.getZoom(), bearing: from.map.getBearing(), pitch: from.map.getPitch() });
    busy = false;
  };
  const fa = follow(a, b), fb = follow(b, a);
  a.map.on('move', fa);
  b.map.on('move', fb);
  return () => { a.map.off('move', fa); b.map.off('move', fb); };
}

/**
 * Manages the compare layout inside `area` (which holds the main map's container): creates the before map
 * with `createBefore(container)` when a compare mode starts and removes it when it ends.
 */
export function setupCompare(store: Store, area: HTMLElement, main: AtlasMap, createBefore: (container: HTMLElement) => AtlasMap, onMaps: (maps: AtlasMap[]) => void): void {
  let before: { map: AtlasMap; el: HTMLElement; stop: () => void } | null = null;
  const labelBefore = h('div', { class: 'compare-label left', 'aria-hidden': 'true' });
  const labelAfter = h('div', { class: 'compare-label right', 'aria-hidden': 'true' });
  const handle = h('div', {
    class: 'swipe-handle', role: 'slider', tabindex: 0, id: 'swipe-handle',
    'aria-label': 'Position du rideau de comparaison', 'aria-valuemin': 0, 'aria-valuemax': 100,
    onkeydown: (e: Event) => {
      const k = (e as KeyboardEvent).key;
      const step = k === 'ArrowLeft' ? -0.05 : k === 'ArrowRight' ? 0.05 : k === 'Home' ? -1 : k === 'End' ? 1 : 0;
      if (!step) return;
      e.preventDefault();
      store.update({ swipe: Math.min(1, Math.max(0, store.get().swipe + step)) });
    },
  }, h('span', { class: 'grip' }, '⟷'));
  const drag = (clientX: number) => {
    const r = area.getBoundingClientRect();
    store.update({ swipe: Math.min(1, Math.max(0, (clientX - r.left) / r.width)) });
  };
  handle.addEventListener('pointerdown', (e) => {
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => drag(ev.clientX);
    const up = () => { handle.removeEventListener('pointermove', move); handle.removeEventListener('pointerup', up); };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });

  const layout = (mode: CompareMode) => {
    const s = store.get();
    area.dataset.compare = mode;
    if (mode === 'none') {
      if (before) { before.stop(); before.map.map.remove(); before.el.remove(); before = null; }
      handle.remove(); labelBefore.remove(); labelAfter.remove();
    } else {
      if (!before) {
        const el = h('div', { class: 'map map-before', id: 'map-before', role: 'region', 'aria-label': `Carte ${s.from}` });
        area.prepend(el);
        const m = createBefore(el);
        m.map.jumpTo({ center: main.map.getCenter(), zoom: main.map.getZoom() });
        before = { map: m, el, stop: syncMaps(main, m) };
      }
      labelBefore.textContent = `QPV ${s.from}`;
      labelAfter.textContent = `QPV ${s.to}`;
      area.append(labelBefore, labelAfter);
      if (mode === 'swipe') area.append(handle); else handle.remove();
    }
    position();
    requestAnimationFrame(() => { main.map.resize(); before?.map.map.resize(); });
    onMaps(before ? [main, before.map] : [main]);
  };
  const position = () => {
    const s = store.get();
    if (!before) return;
    if (s.compare === 'swipe') {
      before.el.style.clipPath = `inset(0 ${((1 - s.swipe) * 100).toFixed(2)}% 0 0)`;
      handle.style.left = `${(s.swipe * 100).toFixed(2)}%`;
      handle.setAttribute('aria-valuenow', String(Math.round(s.swipe * 100)));
      handle.setAttribute('aria-valuetext', `${Math.round(s.swipe * 100)} % de la largeur pour ${s.from}`);
    } else {
      before.el.style.clipPath = '';
    }
  };
  store.subscribe((s, prev) => {
    if (s.compare !== prev.compare || s.from !== prev.from || s.to !== prev.to) layout(s.compare);
    else if (s.swipe !== prev.swipe) position();
  });
  layout(store.get().compare);
}
