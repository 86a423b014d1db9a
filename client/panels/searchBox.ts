// Search a QPV (code or name) or a commune (name or INSEE code): GET /api/search?q=, results as a list
// of buttons (keyboard reachable), choosing one zooms there (and opens the fiche of a quartier).
import { fetchJson, query } from '../api.ts';
import { announce, errorBox, h, mount } from '../dom.ts';
import type { AppContext } from '../context.ts';

interface SearchHit { kind: 'qpv' | 'commune'; code: string; name: string; generation?: string; version?: string | null; bbox: number[] }

/** Returns the search form (in the header). */
export function searchBox(ctx: AppContext): HTMLElement {
  const input = h('input', { id: 'search-q', type: 'search', placeholder: 'QPV (code, nom) ou commune', autocomplete: 'off', 'aria-describedby': 'search-help' });
  const results = h('ul', { class: 'search-results', id: 'search-results', 'aria-live': 'polite', hidden: true });
  let timer = 0;
  const choose = (hit: SearchHit) => {
    const [w, s, e, n] = hit.bbox;
    ctx.main.map.fitBounds([[w, s], [e, n]], { padding: 60, maxZoom: 15, duration: 0 });
    if (hit.kind === 'qpv' && hit.generation) ctx.store.update({ selected: { code: hit.code, generation: hit.generation } });
    results.hidden = true;
    announce(`${hit.kind === 'qpv' ? 'Quartier' : 'Commune'} ${hit.name} affiché${hit.kind === 'commune' ? 'e' : ''}`);
  };
  const run = async () => {
    const q = input.value.trim();
    if (q.length < 2) { results.hidden = true; return; }
    try {
      const hits = await fetchJson<SearchHit[]>(`/api/search?${query({ q })}`);
      results.hidden = false;
      mount(results, hits.length ? hits.map((hit) => h('li', {}, h('button', { type: 'button', onclick: () => choose(hit) },
        hit.kind === 'qpv' ? `${hit.name} — ${hit.code} (QPV ${hit.generation ?? ''})` : `${hit.name} — commune ${hit.code}`)))
        : [h('li', {}, `Aucun résultat pour « ${q} ».`)]);
    } catch (e) {
      results.hidden = false;
      mount(results, h('li', {}, errorBox(`Recherche impossible : ${(e as Error).message}`)));
    }
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = window.setTimeout(() => void run(), 250); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { (results.querySelector('button') as HTMLButtonElement | null)?.focus(); e.preventDefault(); }
    if (e.key === 'Escape') results.hidden = true;
  });
  results.addEventListener('keydown', (e) => {
    const buttons = [...results.querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' && i < buttons.length - 1) { buttons[i + 1].focus(); e.preventDefault(); }
    if (e.key === 'ArrowUp') { (i > 0 ? buttons[i - 1] : input).focus(); e.preventDefault(); }
    if (e.key === 'Escape') { results.hidden = true; input.focus(); }
  });
  return h('form', { class: 'search', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); void run(); } },
    h('label', { for: 'search-q', class: 'sr-only' }, 'Rechercher un quartier ou une commune'),
    input, h('span', { id: 'search-help', class: 'sr-only' }, 'Flèche bas pour parcourir les résultats'), results);
}
