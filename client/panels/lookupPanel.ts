// Lookup tool: "is this point in a QPV?" for a clicked or typed point (GET /api/lookup), and a batch CSV
// (POST /api/lookup) whose answer is downloaded. Always says "indicatif" and which generation answers.
import { fetchJson, query } from '../api.ts';
import { announce, download, errorBox, h, mount } from '../dom.ts';
import type { AppContext } from '../context.ts';
import { formatValue } from '../format.ts';

interface SetAnswer {
  generation: string;
  version: string | null;
  status: 'inside' | 'outside' | 'near-boundary';
  qpv: { code: string; name: string } | null;
  nearest: { code: string; name: string; distance: number } | null;
  boundaryDistance: number | null;
  bands: { distance: number; codes: string[] }[];
  message: string;
}
interface LookupAnswer { lon: number; lat: number; tolerance: number; answers: SetAnswer[]; disclaimer: string }

const STATUS: Record<SetAnswer['status'], string> = {
  inside: 'Dans un QPV', outside: 'Hors QPV', 'near-boundary': 'En limite de QPV (dans la tolérance)',
};

/** Returns the French line naming the other QPVs whose quartier-vécu band holds the point ("Proche de : QN03119N (à moins de 1 000 m)"), or null when none. */
export function bandsText(bands: SetAnswer['bands'] | undefined): string | null {
  // each band lists the QPVs within its distance; a code appears in every wider band too, so name it once at its nearest band
  const seen = new Map<string, number>();
  for (const b of [...(bands ?? [])].sort((x, y) => x.distance - y.distance)) for (const c of b.codes ?? []) if (!seen.has(c)) seen.set(c, b.distance);
  if (!seen.size) return null;
  return `Quartier vécu d’autres QPV : ${[...seen].map(([c, d]) => `${c} (à moins de ${formatValue(d, 'metre')})`).join(', ')}`;
}

/** Returns the answer as a French list, one item per generation. */
export function renderLookup(a: LookupAnswer): HTMLElement {
  return h('div', { class: 'lookup-answer' },
    h('p', {}, `Point ${a.lon.toFixed(5).replace('.', ',')} ; ${a.lat.toFixed(5).replace('.', ',')} — tolérance ${formatValue(a.tolerance, 'metre')}`),
    h('ul', {}, (a.answers ?? []).map((s) => h('li', { class: `status-${s.status}` },
      h('strong', {}, `QPV ${s.generation}${s.version ? ` (version ${s.version})` : ''} : ${STATUS[s.status] ?? s.status}`),
      s.qpv ? ` — ${s.qpv.name} (${s.qpv.code})` : '',
      s.nearest && s.status !== 'inside' ? ` — le plus proche : ${s.nearest.name} à ${formatValue(s.nearest.distance, 'metre')}` : '',
      bandsText(s.bands) ? h('div', {}, bandsText(s.bands)) : null,
      s.message ? h('div', { class: 'hint' }, s.message) : null))),
    h('p', { class: 'disclaimer' }, a.disclaimer || 'Résultat indicatif, qui ne constitue pas un certificat réglementaire.'));
}

/** Returns the lookup panel; in "interroger" mode a map click runs the lookup. */
export function lookupPanel(ctx: AppContext): HTMLElement {
  const lon = h('input', { id: 'lk-lon', type: 'text', inputmode: 'decimal', placeholder: 'ex. 2,4761' });
  const lat = h('input', { id: 'lk-lat', type: 'text', inputmode: 'decimal', placeholder: 'ex. 49,2579' });
  const tolerance = h('input', { id: 'lk-tolerance', type: 'number', min: 0, max: 500, step: 1, value: 10 });
  const out = h('div', { class: 'lookup-result', id: 'lookup-result', 'aria-live': 'polite' });
  const modeBtn = h('button', { type: 'button', id: 'lk-mode', 'aria-pressed': 'false', onclick: () => ctx.setClickMode(ctx.clickMode === 'lookup' ? 'fiche' : 'lookup') }, 'Interroger la carte par clic');
  const sync = () => {
    modeBtn.setAttribute('aria-pressed', String(ctx.clickMode === 'lookup'));
    modeBtn.textContent = ctx.clickMode === 'lookup' ? 'Clic sur la carte : interrogation (désactiver)' : 'Interroger la carte par clic';
  };

  const run = async (x: number, y: number) => {
    lon.value = x.toFixed(6).replace('.', ','); lat.value = y.toFixed(6).replace('.', ',');
    ctx.hub.set('lookup', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, y] } }] });
    mount(out, h('p', { class: 'loading' }, 'Interrogation…'));
    try {
      const a = await fetchJson<LookupAnswer>(`/api/lookup?${query({ lon: x, lat: y, tolerance: Number(tolerance.value) || 0 })}`);
      mount(out, renderLookup(a));
      // the panel sits low in the sidebar: bring the answer into sight after a map click
      out.scrollIntoView({ block: 'nearest' });
      announce((a.answers ?? []).map((s) => `QPV ${s.generation} : ${STATUS[s.status] ?? s.status}${s.qpv ? `, ${s.qpv.name}` : ''}`).join('. ') + '. Résultat indicatif.');
    } catch (e) {
      mount(out, errorBox(`Interrogation impossible : ${(e as Error).message}`));
    }
  };
  ctx.onMapClick((x, y) => void run(x, y));

  const form = h('form', {
    id: 'lookup-form',
    onsubmit: (e: Event) => {
      e.preventDefault();
      const x = Number(lon.value.replace(',', '.')), y = Number(lat.value.replace(',', '.'));
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
        mount(out, errorBox('Coordonnées invalides : saisissez une longitude et une latitude en degrés décimaux (WGS84), ex. 2,4761 et 49,2579.'));
        return;
      }
      void run(x, y);
      ctx.main.map.easeTo({ center: [x, y], zoom: Math.max(ctx.main.map.getZoom(), 14), duration: 0 });
    },
  },
  h('div', { class: 'row two' }, h('label', { for: 'lk-lon' }, 'Longitude'), lon, h('label', { for: 'lk-lat' }, 'Latitude'), lat),
  h('div', { class: 'row' }, h('label', { for: 'lk-tolerance' }, 'Tolérance (m)'), tolerance),
  h('button', { type: 'submit', id: 'lk-run' }, 'Interroger'));

  const file = h('input', { id: 'lk-file', type: 'file', accept: '.csv,text/csv' });
  const batchOut = h('div', { 'aria-live': 'polite' });
  const batch = h('form', {
    id: 'lookup-batch',
    onsubmit: async (e: Event) => {
      e.preventDefault();
      const f = file.files?.[0];
      if (!f) { mount(batchOut, errorBox('Choisissez d’abord un fichier CSV (colonnes lon/lat, longitude/latitude ou x/y avec un EPSG).')); return; }
      mount(batchOut, h('p', { class: 'loading' }, `Envoi de ${f.name}…`));
      try {
        const res = await fetch(`/api/lookup?${query({ tolerance: Number(tolerance.value) || 0 })}`, { method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'text/csv' }, body: await f.text() });
        if (!res.ok) {
          const body = await res.json().catch(() => null) as { error?: string } | null;
          throw new Error(body?.error ?? `Erreur du serveur (${res.status}).`);
        }
        const blob = await res.blob();
        download(blob, f.name.replace(/\.csv$/i, '') + '-qpv.csv');
        mount(batchOut, h('p', {}, `Résultat téléchargé (${f.name.replace(/\.csv$/i, '')}-qpv.csv). Résultat indicatif, qui ne constitue pas un certificat réglementaire.`));
      } catch (err) {
        mount(batchOut, errorBox(`Recherche par lot impossible : ${(err as Error).message}`));
      }
    },
  }, h('div', { class: 'row' }, h('label', { for: 'lk-file' }, 'Fichier CSV de points'), file), h('button', { type: 'submit' }, 'Envoyer et télécharger le résultat'), batchOut);

  const panel = h('details', { class: 'panel', id: 'panel-lookup' },
    h('summary', {}, h('h2', {}, 'Un point est-il en QPV ?')),
    modeBtn, form, out, h('h3', {}, 'Recherche par lot'), batch);
  (panel as HTMLElement & { sync?: () => void }).sync = sync;
  sync();
  return panel;
}
