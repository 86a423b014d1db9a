// The popup a click on a facility symbol opens: name, type label, commune and identifier. Keyboard and
// screen-reader users reach the same facts through the fiche's facility lists (facilityLine).
import * as maplibregl from 'maplibre-gl';
import { h } from './dom.ts';
import { communeText, type FacilityProps } from './facilityText.ts';

/** Returns the popup content (a small definition list). */
export function facilityPopupContent(p: FacilityProps, communeName?: string | null): HTMLElement {
  return h('div', { class: 'facility-popup', role: 'dialog', 'aria-label': `Équipement : ${String(p.name ?? 'sans nom')}` },
    h('h3', {}, String(p.name ?? '') || 'Équipement sans nom'),
    h('dl', {},
      h('dt', {}, 'Type'), h('dd', {}, String(p.typeLabel ?? p.type ?? '—')),
      h('dt', {}, 'Commune'), h('dd', {}, communeText(p.commune, communeName)),
      h('dt', {}, 'Identifiant'), h('dd', {}, String(p.id ?? '—'))));
}

let open: maplibregl.Popup | null = null;

/** Opens the facility popup at a lonLat on `map` (one at a time); returns it. */
export function showFacilityPopup(map: maplibregl.Map, lngLat: maplibregl.LngLatLike, p: FacilityProps, communeName?: string | null): maplibregl.Popup {
  open?.remove();
  open = new maplibregl.Popup({ closeButton: true, maxWidth: '280px', className: 'facility-popup-wrap', focusAfterOpen: false })
    .setLngLat(lngLat).setDOMContent(facilityPopupContent(p, communeName)).addTo(map);
  return open;
}
