// Export dialog (title, subtitle, PNG 300 dpi / SVG / PDF, A4/A3, portrait/paysage → /api/maps/view.*) and
// the "Intégrer" dialog giving the <iframe> code of the current view.
import { exportUrl, iframeCode, type ExportFormat, type ExportOptions } from '../api.ts';
import { h } from '../dom.ts';
import type { AppContext } from '../context.ts';
import { serializeState } from '../state.ts';

/** Returns the current view's bbox in lonLat (minLon, minLat, maxLon, maxLat). */
export function viewBbox(ctx: AppContext): [number, number, number, number] {
  const b = ctx.main.map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

function dialog(id: string, title: string, ...content: Node[]): HTMLDialogElement {
  const d = h('dialog', { id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), ...content,
    h('form', { method: 'dialog' }, h('button', { type: 'submit' }, 'Fermer')));
  return d;
}

/** Returns the export button and its dialog. */
export function exportDialog(ctx: AppContext): HTMLElement {
  const title = h('input', { id: 'ex-title', type: 'text', value: 'Quartiers prioritaires de la politique de la ville' });
  const subtitle = h('input', { id: 'ex-subtitle', type: 'text', value: '' });
  const format = h('select', { id: 'ex-format' }, h('option', { value: 'png' }, 'PNG (300 dpi)'), h('option', { value: 'svg' }, 'SVG'), h('option', { value: 'pdf' }, 'PDF'));
  const paper = h('select', { id: 'ex-paper' }, h('option', { value: 'A4' }, 'A4'), h('option', { value: 'A3' }, 'A3'));
  const orientation = h('select', { id: 'ex-orientation' }, h('option', { value: 'landscape' }, 'Paysage'), h('option', { value: 'portrait' }, 'Portrait'));
  const link = h('a', { id: 'ex-download', class: 'button', href: '#', download: '' }, 'Télécharger');
  const opts = (): ExportOptions => ({ format: format.value as ExportFormat, title: title.value, subtitle: subtitle.value, paper: paper.value as 'A4' | 'A3', orientation: orientation.value as 'portrait' | 'landscape' });
  const refresh = () => {
    link.href = exportUrl(ctx.store.get(), viewBbox(ctx), opts());
    link.setAttribute('download', `carte-qpv.${format.value}`);
  };
  for (const el of [title, subtitle, format, paper, orientation]) el.addEventListener('input', refresh);
  const d = dialog('export-dialog', 'Exporter la carte',
    h('div', { class: 'row' }, h('label', { for: 'ex-title' }, 'Titre'), title),
    h('div', { class: 'row' }, h('label', { for: 'ex-subtitle' }, 'Sous-titre'), subtitle),
    h('div', { class: 'row' }, h('label', { for: 'ex-format' }, 'Format'), format),
    h('div', { class: 'row' }, h('label', { for: 'ex-paper' }, 'Papier'), paper),
    h('div', { class: 'row' }, h('label', { for: 'ex-orientation' }, 'Orientation'), orientation),
    h('p', { class: 'hint' }, 'La carte est produite par le serveur à partir des données : légende, échelle, flèche du nord, sources, date et références des décrets.'),
    link);
  const button = h('button', { type: 'button', id: 'open-export', 'aria-haspopup': 'dialog', onclick: () => { refresh(); d.showModal(); title.focus(); } }, 'Exporter');
  return h('span', {}, button, d);
}

/** Returns the "Intégrer" button and its dialog with the <iframe> code. */
export function embedDialog(ctx: AppContext): HTMLElement {
  const code = h('textarea', { id: 'embed-code', rows: 5, readonly: true });
  const copy = h('button', { type: 'button', onclick: async () => { code.select(); try { await navigator.clipboard.writeText(code.value); copy.textContent = 'Copié'; } catch { copy.textContent = 'Sélectionné : Ctrl+C pour copier'; } } }, 'Copier');
  const d = dialog('embed-dialog', 'Intégrer cette carte',
    h('label', { for: 'embed-code' }, 'Code à coller dans une page web'), code, copy);
  const button = h('button', { type: 'button', id: 'open-embed', 'aria-haspopup': 'dialog', onclick: () => {
    code.value = iframeCode(location.origin, serializeState(ctx.store.get()));
    copy.textContent = 'Copier';
    d.showModal();
    code.focus();
  } }, 'Intégrer');
  return h('span', {}, button, d);
}
