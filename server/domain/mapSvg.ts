// A printed map as a real SVG drawn from the data (not a screenshot): layers, title, legend of the
// visible layers, scale bar, north arrow, sources, date, décrets and rule texts. Units are page
// millimetres (viewBox = the sheet); geometries come in lonLat and are projected to Web Mercator.
// Pure: the date and every text come in through the spec and data.
import type { Position } from 'geojson';
import type { DatasetRef, Polygonal } from './model.ts';
import type { ZoneKind } from './perimeterChanges.ts';
import { FACILITY_GROUPS } from './facilityTypes.ts';
import {
  CELL_INDICATOR_DEFS, CHOROPLETH_PALETTE, classBreaks, classOf, formatIndicatorValue, type CellIndicator, type ClassMethod,
} from './mapChoropleth.ts';
import { fitProjection, mapLayout, niceScaleBar, pageMetrics, type FrameProjection, type MapLayout, type Orientation, type Paper, type Rect } from './mapLayout.ts';

export const MAP_LAYERS = ['p2015', 'p2024', 'changes', 'cells', 'facilities', 'pockets', 'vecu', 'communes'] as const;
export type MapLayerId = (typeof MAP_LAYERS)[number];

/** What the page says and how it is laid out. */
export interface MapSpec {
  title: string;
  subtitle?: string | null;
  paper: Paper;
  orientation: Orientation;
  bbox: [number, number, number, number]; // lonLat: what must be visible (expanded to the frame)
  date: Date; // printed in French, Europe/Paris
  selected?: string | null; // QPV code drawn thicker and always labelled
}

export interface MapPerimeterLayer {
  generation: string;
  version: string | null;
  decree: string; // e.g. "décret n° 2023-1314 du 28 décembre 2023 ..."
  items: { code: string; name: string; geometry: Polygonal }[]; // lonLat
  refs: DatasetRef[];
}

/** A Filosofi cell: its four corners in lonLat (a square in its own CRS), value in the indicator's unit. */
export interface MapCell {
  corners: Position[];
  value: number | null;
  secret: boolean;
}

/** The layers to draw, already restricted to the view; absent or empty layers get no legend and no source. */
export interface MapData {
  communes?: { items: { code: string; name: string; geometry: Polygonal }[]; refs: DatasetRef[] };
  cells?: { indicator: CellIndicator; method: ClassMethod; vintage: string; items: MapCell[]; refs: DatasetRef[] };
  perimeters?: MapPerimeterLayer[];
  changes?: { from: string; to: string; tolerance: number; zones: { zone: ZoneKind; geometry: Polygonal }[]; refs: DatasetRef[] };
  vecu?: { sentence: string; bands: Polygonal[]; refs: DatasetRef[] };
  pockets?: { sentence: string; items: { rank: number; outline: Polygonal }[]; refs: DatasetRef[] };
  facilities?: { items: { lon: number; lat: number; group: string; name: string | null }[]; refs: DatasetRef[] };
}

export const FONT_FAMILY = 'DejaVu Sans';
/** Colour-blind safe (Okabe–Ito) colours of the vector layers. */
export const MAP_COLOURS = {
  p2015: '#E69F00', p2024: '#0072B2', otherGeneration: '#56B4E9',
  gained: '#009E73', lost: '#CC79A7', kept: '#9E9E9E',
  vecu: '#56B4E9', pocket: '#D55E00', commune: '#8C8C8C', facility: '#222222', secret: '#8C8C8C',
} as const;

const MIN_STEP_MM = 0.2; // points closer than this on paper are dropped: invisible at 300 dpi

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Returns the text with XML special characters escaped. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Returns the date in French, e.g. "21 novembre 2026" ("1er mai 2026" on the first). */
export function frenchDate(d: Date): string {
  const s = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(d);
  return s.replace(/^1 /, '1er ');
}

const CHAR_EM = 0.56; // mean advance of DejaVu Sans in em, mixed-case French text

/** Returns the approximate width (mm) of a text in DejaVu Sans at a font size (mm). */
function textWidth(s: string, size: number): number {
  return s.length * size * CHAR_EM;
}

/** Returns the text broken into lines that fit `width` mm at `size` mm. */
function wrap(s: string, width: number, size: number): string[] {
  const maxChars = Math.max(8, Math.floor(width / (size * CHAR_EM)));
  const lines: string[] = [];
  let cur = '';
  for (const word of s.split(/ +/)) {
    if (!cur) cur = word;
    else if ((cur + ' ' + word).length <= maxChars) cur += ' ' + word;
    else { lines.push(cur); cur = word; }
  }
  if (cur) lines.push(cur);
  return lines;
}

const f2 = (n: number) => (Math.round(n * 100) / 100).toString();

function text(x: number, y: number, s: string, size: number, o: { bold?: boolean; italic?: boolean; anchor?: 'start' | 'middle' | 'end'; fill?: string; halo?: boolean } = {}): string {
  const attrs = `x="${f2(x)}" y="${f2(y)}" font-size="${f2(size)}"${o.bold ? ' font-weight="bold"' : ''}${o.italic ? ' font-style="italic"' : ''}${o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : ''}`;
  const body = escapeXml(s);
  const halo = o.halo ? `<text ${attrs} fill="#ffffff" stroke="#ffffff" stroke-width="${f2(size * 0.28)}" stroke-linejoin="round">${body}</text>` : '';
  return `${halo}<text ${attrs} fill="${o.fill ?? '#1a1a1a'}">${body}</text>`;
}

// ---------------------------------------------------------------------------------------------
// Geometry → SVG paths (page mm)

type Pt = [number, number];

function projectRing(ring: Position[], proj: FrameProjection): Pt[] {
  const out: Pt[] = [];
  let px = NaN, py = NaN;
  for (let i = 0; i < ring.length; i++) {
    const [x, y] = proj.project(ring[i][0], ring[i][1]);
    const last = i === ring.length - 1;
    if (!last && out.length && Math.abs(x - px) < MIN_STEP_MM && Math.abs(y - py) < MIN_STEP_MM) continue;
    out.push([x, y]);
    px = x; py = y;
  }
  return out;
}

function ringBoxOutside(pts: Pt[], frame: Rect): boolean {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of pts) {
    if (x < minX) minX = x; if (x > maxX) maxX = x;
    if (y < minY) minY = y; if (y > maxY) maxY = y;
  }
  return maxX < frame.x || minX > frame.x + frame.w || maxY < frame.y || minY > frame.y + frame.h;
}

function ringD(pts: Pt[]): string {
  let d = `M${f2(pts[0][0])} ${f2(pts[0][1])}`;
  for (let i = 1; i < pts.length; i++) d += `L${f2(pts[i][0])} ${f2(pts[i][1])}`;
  return d + 'Z';
}

function polygons(g: Polygonal): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Path data of a polygonal geometry on the page, with rings outside the frame and sub-0.2 mm steps dropped. */
function polygonalD(g: Polygonal, proj: FrameProjection, frame: Rect): string {
  let d = '';
  for (const poly of polygons(g)) {
    const outer = projectRing(poly[0], proj);
    if (outer.length < 4 || ringBoxOutside(outer, frame)) continue;
    d += ringD(outer);
    for (let r = 1; r < poly.length; r++) {
      const hole = projectRing(poly[r], proj);
      if (hole.length >= 4) d += ringD(hole);
    }
  }
  return d;
}

/** Sutherland–Hodgman clip of a ring to a rectangle (for label placement). */
function clipRing(pts: Pt[], r: Rect): Pt[] {
  const edges: [(p: Pt) => boolean, (a: Pt, b: Pt) => Pt][] = [
    [(p) => p[0] >= r.x, (a, b) => [r.x, a[1] + ((b[1] - a[1]) * (r.x - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= r.x + r.w, (a, b) => [r.x + r.w, a[1] + ((b[1] - a[1]) * (r.x + r.w - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= r.y, (a, b) => [a[0] + ((b[0] - a[0]) * (r.y - a[1])) / (b[1] - a[1]), r.y]],
    [(p) => p[1] <= r.y + r.h, (a, b) => [a[0] + ((b[0] - a[0]) * (r.y + r.h - a[1])) / (b[1] - a[1]), r.y + r.h]],
  ];
  let out = pts;
  for (const [inside, cut] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i], prev = input[(i + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cut(prev, cur));
    }
    if (!out.length) break;
  }
  return out;
}

/** Area-weighted centroid and area (mm²) of the largest visible part of a geometry, or null when not visible. */
function labelPoint(g: Polygonal, proj: FrameProjection, frame: Rect): { x: number; y: number; area: number } | null {
  let best: { x: number; y: number; area: number } | null = null;
  for (const poly of polygons(g)) {
    const ring = clipRing(projectRing(poly[0], proj), frame);
    if (ring.length < 3) continue;
    let a = 0, cx = 0, cy = 0;
    for (let i = 0; i < ring.length; i++) {
      const [x0, y0] = ring[i], [x1, y1] = ring[(i + 1) % ring.length];
      const c = x0 * y1 - x1 * y0;
      a += c; cx += (x0 + x1) * c; cy += (y0 + y1) * c;
    }
    if (Math.abs(a) < 1e-9) continue;
    const area = Math.abs(a / 2);
    if (!best || area > best.area) best = { x: cx / (3 * a), y: cy / (3 * a), area };
  }
  return best;
}

/** Keeps labels from overlapping each other: a label is drawn only where no earlier one is. */
class LabelBoxes {
  private boxes: Rect[] = [];
  constructor(blocked: Rect[]) { this.boxes.push(...blocked); }
  take(b: Rect): boolean {
    if (this.boxes.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h)) return false;
    this.boxes.push(b);
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Facility symbols

const GROUP_SHAPES: Record<string, string> = {
  enseignement: 'square', sante: 'plus', social: 'circle', sport: 'triangle', culture: 'diamond',
  'services-publics': 'triangleDown', commerce: 'hexagon', transport: 'bar', autre: 'dot',
};

function symbol(group: string, x: number, y: number, s: number): string {
  const h = s / 2;
  const style = `fill="${MAP_COLOURS.facility}" stroke="#ffffff" stroke-width="${f2(s * 0.14)}"`;
  const poly = (pts: Pt[]) => `<path d="${ringD(pts)}" ${style}/>`;
  switch (GROUP_SHAPES[group] ?? 'dot') {
    case 'square': return `<rect x="${f2(x - h * 0.85)}" y="${f2(y - h * 0.85)}" width="${f2(s * 0.85)}" height="${f2(s * 0.85)}" ${style}/>`;
    case 'circle': return `<circle cx="${f2(x)}" cy="${f2(y)}" r="${f2(h * 0.95)}" ${style}/>`;
    case 'triangle': return poly([[x, y - h * 1.1], [x + h, y + h * 0.75], [x - h, y + h * 0.75]]);
    case 'triangleDown': return poly([[x, y + h * 1.1], [x + h, y - h * 0.75], [x - h, y - h * 0.75]]);
    case 'diamond': return poly([[x, y - h * 1.15], [x + h, y], [x, y + h * 1.15], [x - h, y]]);
    case 'hexagon': return poly(Array.from({ length: 6 }, (_, i): Pt => [x + h * Math.cos((i * Math.PI) / 3), y + h * Math.sin((i * Math.PI) / 3)]));
    case 'bar': return `<rect x="${f2(x - h)}" y="${f2(y - h * 0.5)}" width="${f2(s)}" height="${f2(h)}" ${style}/>`;
    case 'plus': {
      const t = h * 0.38;
      return poly([[x - t, y - h], [x + t, y - h], [x + t, y - t], [x + h, y - t], [x + h, y + t], [x + t, y + t], [x + t, y + h], [x - t, y + h], [x - t, y + t], [x - h, y + t], [x - h, y - t], [x - t, y - t]]);
    }
    default: return `<circle cx="${f2(x)}" cy="${f2(y)}" r="${f2(h * 0.6)}" ${style}/>`;
  }
}

// ---------------------------------------------------------------------------------------------
// Legend model

type Swatch =
  | { kind: 'fill'; fill: string; stroke?: string; opacity?: number; dash?: string; hatch?: boolean }
  | { kind: 'line'; stroke: string; width: number; dash?: string }
  | { kind: 'symbol'; group: string };

type LegendBlock = (
  | { kind: 'heading'; text: string }
  | { kind: 'entry'; swatch: Swatch; label: string }
  | { kind: 'note'; text: string }
) & { group?: number }; // blocks of one layer share a group and stay in one legend column

function perimeterStyle(generation: string): { stroke: string; dash?: string } {
  if (generation === '2015') return { stroke: MAP_COLOURS.p2015, dash: '2.2 1.2' };
  if (generation === '2024') return { stroke: MAP_COLOURS.p2024 };
  return { stroke: MAP_COLOURS.otherGeneration, dash: '0.8 0.8' };
}

const METHOD_LABELS: Record<ClassMethod, string> = { quantiles: 'quantiles', equal: 'intervalles égaux', jenks: 'seuils naturels de Jenks' };

interface CellClasses {
  breaks: number[];
  colours: string[];
}

function cellClasses(cells: NonNullable<MapData['cells']>): CellClasses {
  const values = cells.items.map((c) => c.value).filter((v): v is number => v !== null);
  const breaks = classBreaks(cells.method, values, 5);
  const n = breaks.length + 1;
  let colours = n === 1 ? [CHOROPLETH_PALETTE[2]] : Array.from({ length: n }, (_, i) => CHOROPLETH_PALETTE[Math.round((i * 4) / (n - 1))]);
  if (CELL_INDICATOR_DEFS[cells.indicator].lowIsDark) colours = colours.reverse();
  return { breaks, colours };
}

/** The layers that have something to draw, in legend order. */
function visibleLayers(data: MapData) {
  return {
    perimeters: (data.perimeters ?? []).filter((p) => p.items.length),
    changes: data.changes?.zones.length ? data.changes : null,
    vecu: data.vecu?.bands.length ? data.vecu : null,
    pockets: data.pockets ?? null, // kept when empty: "no pocket under this rule" is a result worth printing
    facilities: data.facilities?.items.length ? data.facilities : null,
    cells: data.cells?.items.length ? data.cells : null,
    communes: data.communes?.items.length ? data.communes : null,
  };
}

function legendBlocks(data: MapData, classes: CellClasses | null): LegendBlock[] {
  const v = visibleLayers(data);
  const out: LegendBlock[] = [];
  let group = 0; // one per layer (each perimeter set is its own), so a layer is never split across legend columns
  const push = (...bs: LegendBlock[]) => out.push(...bs.map((b) => ({ ...b, group })));
  for (const p of v.perimeters) {
    const st = perimeterStyle(p.generation);
    group++;
    push({ kind: 'entry', swatch: { kind: 'fill', fill: 'none', stroke: st.stroke, dash: st.dash }, label: `Périmètre QPV ${p.generation}${p.version ? ` (version ${p.version})` : ''}` });
  }
  if (v.changes) {
    group++;
    push({ kind: 'heading', text: `Évolution ${v.changes.from} → ${v.changes.to}` });
    const kinds = new Set(v.changes.zones.map((z) => z.zone));
    if (kinds.has('gained')) push({ kind: 'entry', swatch: { kind: 'fill', fill: MAP_COLOURS.gained, opacity: 0.45, stroke: MAP_COLOURS.gained }, label: `Entré en QPV en ${v.changes.to}` });
    if (kinds.has('lost')) push({ kind: 'entry', swatch: { kind: 'fill', fill: MAP_COLOURS.lost, opacity: 0.45, stroke: MAP_COLOURS.lost }, label: `Sorti de la géographie prioritaire en ${v.changes.to}` });
    if (kinds.has('kept')) push({ kind: 'entry', swatch: { kind: 'fill', fill: MAP_COLOURS.kept, opacity: 0.3, stroke: MAP_COLOURS.kept }, label: 'Conservé' });
    push({ kind: 'note', text: `Écarts de moins de ${v.changes.tolerance} m entre les tracés ignorés (bruit de numérisation).` });
  }
  if (v.vecu) {
    group++;
    push({ kind: 'entry', swatch: { kind: 'fill', fill: MAP_COLOURS.vecu, opacity: 0.2, stroke: MAP_COLOURS.vecu, dash: '1 0.7' }, label: 'Quartier vécu' });
    push({ kind: 'note', text: v.vecu.sentence + ' (aucune distance officielle).' });
  }
  if (v.pockets) {
    group++;
    push({ kind: 'entry', swatch: { kind: 'fill', fill: 'none', stroke: MAP_COLOURS.pocket }, label: v.pockets.items.length ? 'Poche de pauvreté (numéro = rang)' : 'Aucune poche de pauvreté dans la zone d’étude' });
    push({ kind: 'note', text: v.pockets.sentence });
  }
  if (v.facilities) {
    group++;
    push({ kind: 'heading', text: 'Équipements' });
    const groups = new Set(v.facilities.items.map((f) => f.group));
    for (const g of FACILITY_GROUPS) if (groups.has(g.key)) push({ kind: 'entry', swatch: { kind: 'symbol', group: g.key }, label: g.label });
  }
  if (v.cells && classes) {
    group++;
    const def = CELL_INDICATOR_DEFS[v.cells.indicator];
    push({ kind: 'heading', text: def.label });
    const fmt = (x: number) => formatIndicatorValue(x, def.unit);
    const { breaks, colours } = classes;
    const hasValues = v.cells.items.some((c) => c.value !== null);
    if (hasValues) {
      if (!breaks.length) {
        const val = v.cells.items.find((c) => c.value !== null)!.value!;
        push({ kind: 'entry', swatch: { kind: 'fill', fill: colours[0] }, label: fmt(val) });
      }
      breaks.length && colours.forEach((c, i) => {
        const label = i === 0 ? `moins de ${fmt(breaks[0])}` : i === breaks.length ? `${fmt(breaks[i - 1])} et plus` : `de ${fmt(breaks[i - 1])} à moins de ${fmt(breaks[i])}`;
        push({ kind: 'entry', swatch: { kind: 'fill', fill: c }, label });
      });
    }
    if (v.cells.items.some((c) => c.secret)) push({ kind: 'entry', swatch: { kind: 'fill', fill: '#eeeeee', hatch: true }, label: 'Secret statistique (moins de 11 ménages)' });
    push({ kind: 'note', text: `Filosofi ${v.cells.vintage}, carreaux de 200 m ; classes : ${METHOD_LABELS[v.cells.method]}.` });
  }
  group++;
  if (v.communes) push({ kind: 'entry', swatch: { kind: 'line', stroke: MAP_COLOURS.commune, width: 0.3 }, label: 'Limite de commune' });
  return out;
}

interface MeasuredBlock { block: LegendBlock; lines: string[]; height: number }

function measureLegend(blocks: LegendBlock[], width: number, size: number, noteSize: number, lh: number): MeasuredBlock[] {
  const sw = size * 2.2; // swatch width
  return blocks.map((b) => {
    if (b.kind === 'heading') {
      const lines = wrap(b.text, width, size);
      return { block: b, lines, height: lines.length * size * lh + size * 0.5 };
    }
    if (b.kind === 'note') {
      const lines = wrap(b.text, width - sw - size * 0.8, noteSize);
      return { block: b, lines, height: lines.length * noteSize * lh + size * 0.5 };
    }
    const lines = wrap(b.label, width - sw - size * 0.8, size);
    return { block: b, lines, height: Math.max(size * 1.5, lines.length * size * lh) + size * 0.35 };
  });
}

/** Splits measured blocks into two columns at the layer boundary that balances them best (one column in landscape). */
function splitColumns(blocks: MeasuredBlock[], columns: number): MeasuredBlock[][] {
  if (columns === 1 || blocks.length < 2) return [blocks];
  const total = blocks.reduce((s, b) => s + b.height, 0);
  let best = blocks.length, bestH = total, h = 0;
  for (let i = 1; i < blocks.length; i++) {
    h += blocks[i - 1].height;
    if (blocks[i].block.group === blocks[i - 1].block.group) continue;
    const worst = Math.max(h, total - h);
    if (worst < bestH) { bestH = worst; best = i; }
  }
  return [blocks.slice(0, best), blocks.slice(best)];
}

function swatchSvg(s: Swatch, x: number, y: number, w: number, h: number): string {
  if (s.kind === 'symbol') return symbol(s.group, x + w / 2, y + h / 2, h * 0.9);
  if (s.kind === 'line') return `<line x1="${f2(x)}" y1="${f2(y + h / 2)}" x2="${f2(x + w)}" y2="${f2(y + h / 2)}" stroke="${s.stroke}" stroke-width="${s.width}"/>`;
  const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
  const stroke = s.stroke ? ` stroke="${s.stroke}" stroke-width="0.5"${dash}` : ' stroke="#bdbdbd" stroke-width="0.1"';
  const fill = s.fill === 'none' ? 'fill="none"' : `fill="${s.fill}"${s.opacity !== undefined ? ` fill-opacity="${s.opacity}"` : ''}`;
  const hatch = s.hatch ? `<rect x="${f2(x)}" y="${f2(y)}" width="${f2(w)}" height="${f2(h)}" fill="url(#secret-hatch)"/>` : '';
  return `<rect x="${f2(x)}" y="${f2(y)}" width="${f2(w)}" height="${f2(h)}" ${fill}${stroke}/>${hatch}`;
}

function legendSvg(cols: MeasuredBlock[][], area: Rect, colWidth: number, size: number, noteSize: number, lh: number): string {
  let out = '';
  const sw = size * 2.2, sh = size * 1.35;
  cols.forEach((col, ci) => {
    const x = area.x + ci * (colWidth + 6);
    let y = area.y;
    for (const { block, lines, height } of col) {
      if (y + height > area.y + area.h + 0.01) break; // never draw over the footer
      if (block.kind === 'heading') {
        lines.forEach((l, i) => (out += text(x, y + size * (0.9 + i * lh), l, size, { bold: true })));
      } else if (block.kind === 'note') {
        lines.forEach((l, i) => (out += text(x + sw + size * 0.8, y + noteSize * (0.9 + i * lh), l, noteSize, { fill: '#444444' })));
      } else {
        out += swatchSvg(block.swatch, x, y + size * 0.05, sw, sh);
        const top = y + Math.max(0, (sh - lines.length * size * lh) / 2);
        lines.forEach((l, i) => (out += text(x + sw + size * 0.8, top + size * (0.95 + i * lh), l, size)));
      }
      y += height;
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Footer: sources, décrets, date

/** Returns the "Sources : ..." line built from the datasets of the visible layers (labels deduplicated, in layer order). */
export function sourcesLine(data: MapData): string {
  const v = visibleLayers(data);
  const refs: DatasetRef[] = [
    ...v.perimeters.flatMap((p) => p.refs), ...(v.changes?.refs ?? []), ...(v.vecu?.refs ?? []), ...(v.pockets?.refs ?? []),
    ...(v.cells?.refs ?? []), ...(v.facilities?.refs ?? []), ...(v.communes?.refs ?? []),
  ];
  const labels = [...new Set(refs.map((r) => r.label.trim()).filter(Boolean))];
  return labels.length ? `Sources : ${labels.join(' ; ')}` : 'Sources : aucune couche de données affichée';
}

/** Returns one French line per perimeter generation shown: "QPV 2024 : décret n° 2023-1314 ...". */
export function decreeLines(data: MapData): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of visibleLayers(data).perimeters) {
    if (seen.has(p.generation)) continue;
    seen.add(p.generation);
    out.push(`QPV ${p.generation} : ${p.decree}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The page

/** Returns the map page as an SVG document (viewBox in mm, width/height in mm) drawn from the data. */
export function renderMapSvg(spec: MapSpec, data: MapData): string {
  const m = pageMetrics(spec.paper, spec.orientation);
  const lh = m.lineHeight;
  const v = visibleLayers(data);
  const classes = v.cells ? cellClasses(v.cells) : null;

  const measured = measureLegend(legendBlocks(data, classes), m.legendColumnWidth, m.legendSize, m.footerSize, lh);
  const cols = splitColumns(measured, m.legendColumns);
  const legendHeight = Math.max(0, ...cols.map((c) => c.reduce((s, b) => s + b.height, 0)));

  const footerWrapped = [sourcesLine(data), ...decreeLines(data)].flatMap((t) => wrap(t, m.footerWidth, m.footerSize));
  const dateLine = (scale: string) => `Carte établie le ${frenchDate(spec.date)} avec QPV Atlas · projection Web Mercator, échelle ≈ 1:${scale} au centre · document indicatif, sans valeur de certificat réglementaire.`;
  // The scale is known only once the frame is: reserve the lines of the longest scale text.
  const dateLines = wrap(dateLine('1\u00a0000\u00a0000'), m.footerWidth, m.footerSize).length;
  const layout = mapLayout(spec.paper, spec.orientation, { footerLines: footerWrapped.length + dateLines, legendHeight });
  const proj = fitProjection(spec.bbox, layout.map);
  const scale = new Intl.NumberFormat('fr-FR', { maximumSignificantDigits: 2 }).format(proj.scaleDenominator).replace(/[\u202f\u00a0]/g, '\u00a0');
  footerWrapped.push(...wrap(dateLine(scale), m.footerWidth, m.footerSize).slice(0, dateLines));

  const { page, map } = layout;
  const parts: string[] = [];
  parts.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}mm" height="${page.height}mm" viewBox="0 0 ${page.width} ${page.height}" font-family="${FONT_FAMILY}">`);
  parts.push(`<title>${escapeXml(spec.title)}</title>`);
  parts.push('<defs>');
  parts.push(`<clipPath id="map-frame"><rect x="${f2(map.x)}" y="${f2(map.y)}" width="${f2(map.w)}" height="${f2(map.h)}"/></clipPath>`);
  parts.push(`<pattern id="secret-hatch" patternUnits="userSpaceOnUse" width="1.2" height="1.2" patternTransform="rotate(45)"><rect x="0" y="0" width="0.35" height="1.2" fill="${MAP_COLOURS.secret}"/></pattern>`);
  parts.push('</defs>');
  parts.push(`<rect x="0" y="0" width="${page.width}" height="${page.height}" fill="#ffffff"/>`);

  parts.push(`<g clip-path="url(#map-frame)">`);
  parts.push(`<rect x="${f2(map.x)}" y="${f2(map.y)}" width="${f2(map.w)}" height="${f2(map.h)}" fill="#ffffff"/>`);
  const labels = new LabelBoxes([layout.northArrow, layout.scaleBar]);
  const labelTexts: string[] = [];

  // Cells: one path per class keeps the file small; a hairline of the same colour hides seams.
  if (v.cells && classes) {
    const byClass: string[] = classes.colours.map(() => '');
    let secret = '';
    for (const c of v.cells.items) {
      const pts = c.corners.map(([lon, lat]) => proj.project(lon, lat));
      if (ringBoxOutside(pts, map)) continue;
      const d = ringD(pts);
      if (c.secret) secret += d;
      else if (c.value !== null) byClass[classes.breaks.length ? classOf(c.value, classes.breaks) : 0] += d;
    }
    parts.push('<g id="cells">');
    byClass.forEach((d, i) => d && parts.push(`<path d="${d}" fill="${classes.colours[i]}" stroke="${classes.colours[i]}" stroke-width="0.06"/>`));
    if (secret) parts.push(`<path d="${secret}" fill="#eeeeee" stroke="#eeeeee" stroke-width="0.06"/><path d="${secret}" fill="url(#secret-hatch)"/>`);
    parts.push('</g>');
  }

  if (v.communes) {
    parts.push('<g id="communes">');
    for (const c of v.communes.items) {
      const d = polygonalD(c.geometry, proj, map);
      if (d) parts.push(`<path d="${d}" fill="none" stroke="${MAP_COLOURS.commune}" stroke-width="0.3" stroke-dasharray="1.6 0.6 0.3 0.6"/>`);
    }
    parts.push('</g>');
  }

  if (v.changes) {
    parts.push('<g id="changes">');
    const style: Record<ZoneKind, [string, number]> = { gained: [MAP_COLOURS.gained, 0.45], lost: [MAP_COLOURS.lost, 0.45], kept: [MAP_COLOURS.kept, 0.3] };
    for (const z of v.changes.zones) {
      const d = polygonalD(z.geometry, proj, map);
      const [colour, op] = style[z.zone];
      if (d) parts.push(`<path d="${d}" fill="${colour}" fill-opacity="${op}" fill-rule="evenodd" stroke="${colour}" stroke-width="0.2"/>`);
    }
    parts.push('</g>');
  }

  if (v.vecu) {
    parts.push('<g id="vecu">');
    for (const b of v.vecu.bands) {
      const d = polygonalD(b, proj, map);
      if (d) parts.push(`<path d="${d}" fill="${MAP_COLOURS.vecu}" fill-opacity="0.2" fill-rule="evenodd" stroke="${MAP_COLOURS.vecu}" stroke-width="0.35" stroke-dasharray="1 0.7"/>`);
    }
    parts.push('</g>');
  }

  // Perimeters: a white casing keeps the line readable over any fill; older generations under newer ones.
  const perimeterLabels: { text: string; at: { x: number; y: number; area: number }; colour: string; selected: boolean }[] = [];
  for (const p of [...v.perimeters].sort((a, b) => a.generation.localeCompare(b.generation))) {
    const st = perimeterStyle(p.generation);
    parts.push(`<g id="perimeters-${escapeXml(p.generation)}">`);
    const labelThis = p.items.length <= 20 || !!spec.selected;
    for (const item of p.items) {
      const d = polygonalD(item.geometry, proj, map);
      if (!d) continue;
      const sel = item.code === spec.selected;
      const w = sel ? 0.9 : 0.6;
      parts.push(`<path d="${d}" fill="none" stroke="#ffffff" stroke-width="${f2(w + 0.6)}" stroke-linejoin="round"/>`);
      parts.push(`<path d="${d}" fill="none" stroke="${st.stroke}" stroke-width="${w}" stroke-linejoin="round"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`);
      if (labelThis && (sel || !spec.selected)) {
        const at = labelPoint(item.geometry, proj, map);
        if (at) perimeterLabels.push({ text: `${item.name} (${item.code})`, at, colour: st.stroke === MAP_COLOURS.p2015 ? '#8a5a00' : '#004f7c', selected: sel });
      }
    }
    parts.push('</g>');
  }

  if (v.pockets) {
    parts.push('<g id="pockets">');
    for (const pk of v.pockets.items) {
      const d = polygonalD(pk.outline, proj, map);
      if (!d) continue;
      parts.push(`<path d="${d}" fill="${MAP_COLOURS.pocket}" fill-opacity="0.08" fill-rule="evenodd" stroke="${MAP_COLOURS.pocket}" stroke-width="0.6"/>`);
      const at = labelPoint(pk.outline, proj, map);
      if (at) {
        const s = m.legendSize * 1.1;
        const t = `P${pk.rank}`;
        const box = { x: at.x - textWidth(t, s) / 2, y: at.y - s, w: textWidth(t, s), h: s * 1.2 };
        if (labels.take(box)) labelTexts.push(text(at.x, at.y + s * 0.35, t, s, { bold: true, anchor: 'middle', fill: MAP_COLOURS.pocket, halo: true }));
      }
    }
    parts.push('</g>');
  }

  if (v.facilities) {
    parts.push('<g id="facilities">');
    const s = 2.4 * m.fontScale;
    for (const fa of v.facilities.items) {
      const [x, y] = proj.project(fa.lon, fa.lat);
      if (x < map.x || x > map.x + map.w || y < map.y || y > map.y + map.h) continue;
      parts.push(symbol(fa.group, x, y, s));
    }
    parts.push('</g>');
  }

  // Labels last, selected quartier first, then the larger quartiers, then communes.
  perimeterLabels.sort((a, b) => Number(b.selected) - Number(a.selected) || b.at.area - a.at.area);
  for (const l of perimeterLabels) {
    const s = m.legendSize * (l.selected ? 1.15 : 0.95);
    const w = textWidth(l.text, s);
    const x = Math.min(Math.max(l.at.x, map.x + w / 2 + 1), map.x + map.w - w / 2 - 1);
    const box = { x: x - w / 2, y: l.at.y - s, w, h: s * 1.3 };
    if (labels.take(box)) labelTexts.push(text(x, l.at.y, l.text, s, { bold: true, anchor: 'middle', fill: l.colour, halo: true }));
  }
  if (v.communes) {
    const s = m.legendSize * 1.05;
    const placed = v.communes.items
      .map((c) => ({ c, at: labelPoint(c.geometry, proj, map) }))
      .filter((x): x is { c: typeof x.c; at: NonNullable<typeof x.at> } => !!x.at && x.at.area > 150)
      .sort((a, b) => b.at.area - a.at.area);
    for (const { c, at } of placed) {
      const t = c.name.toUpperCase();
      const w = textWidth(t, s) * 1.1;
      const x = Math.min(Math.max(at.x, map.x + w / 2 + 1), map.x + map.w - w / 2 - 1);
      const y = Math.min(Math.max(at.y, map.y + s + 1), map.y + map.h - 1);
      const box = { x: x - w / 2, y: y - s, w, h: s * 1.3 };
      if (labels.take(box)) labelTexts.push(text(x, y, t, s, { anchor: 'middle', fill: '#555555', halo: true, italic: true }));
    }
  }
  parts.push(...labelTexts);
  if (!v.perimeters.length && !v.changes && !v.vecu && !v.pockets?.items.length && !v.facilities && !v.cells && !v.communes) {
    parts.push(text(map.x + map.w / 2, map.y + map.h / 2, 'Aucune donnée à afficher dans cette emprise', m.subtitleSize, { anchor: 'middle', fill: '#777777' }));
  }
  parts.push('</g>');
  parts.push(`<rect x="${f2(map.x)}" y="${f2(map.y)}" width="${f2(map.w)}" height="${f2(map.h)}" fill="none" stroke="#333333" stroke-width="0.3"/>`);

  parts.push(northArrowSvg(layout));
  parts.push(scaleBarSvg(layout, proj));

  // Title block
  const t = layout.title;
  parts.push(text(t.x, t.y + m.titleSize * 0.85, fitLine(spec.title, t.w, m.titleSize), m.titleSize, { bold: true }));
  if (spec.subtitle) parts.push(text(t.x, t.y + m.titleSize * 1.25 + m.subtitleSize * 1.05, fitLine(spec.subtitle, t.w, m.subtitleSize), m.subtitleSize, { fill: '#444444' }));

  // Legend
  parts.push(`<g id="legend">${legendSvg(cols, layout.legend, m.legendColumnWidth, m.legendSize, m.footerSize, lh)}</g>`);

  // Footer
  const fo = layout.footer;
  parts.push(`<line x1="${f2(fo.x)}" y1="${f2(fo.y)}" x2="${f2(fo.x + fo.w)}" y2="${f2(fo.y)}" stroke="#999999" stroke-width="0.2"/>`);
  parts.push('<g id="footer">');
  footerWrapped.forEach((l, i) => parts.push(text(fo.x, fo.y + 1.2 * m.fontScale + m.footerSize * (0.9 + i * lh), l, m.footerSize, { fill: '#333333' })));
  parts.push('</g>');
  parts.push('</svg>');
  return parts.join('\n');
}

/** A title longer than its block is cut with an ellipsis rather than overflowing the page. */
function fitLine(s: string, width: number, size: number): string {
  const max = Math.floor(width / (size * CHAR_EM));
  return s.length <= max ? s : s.slice(0, Math.max(1, max - 1)).trimEnd() + '…';
}

function northArrowSvg(layout: MapLayout): string {
  const r = layout.northArrow;
  const cx = r.x + r.w / 2;
  const top = r.y + r.h * 0.28, bottom = r.y + r.h * 0.95, mid = r.y + r.h * 0.75, half = r.w * 0.28;
  const size = r.w * 0.34;
  return `<g id="north-arrow"><rect x="${f2(r.x)}" y="${f2(r.y)}" width="${f2(r.w)}" height="${f2(r.h)}" fill="#ffffff" fill-opacity="0.85" rx="1"/>` +
    `<path d="M${f2(cx)} ${f2(top)}L${f2(cx + half)} ${f2(bottom)}L${f2(cx)} ${f2(mid)}Z" fill="#1a1a1a"/>` +
    `<path d="M${f2(cx)} ${f2(top)}L${f2(cx - half)} ${f2(bottom)}L${f2(cx)} ${f2(mid)}Z" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.25"/>` +
    text(cx, r.y + size * 0.95, 'N', size, { bold: true, anchor: 'middle' }) + '</g>';
}

function scaleBarSvg(layout: MapLayout, proj: FrameProjection): string {
  const r = layout.scaleBar;
  const fs = layout.metrics.fontScale;
  const pad = 2 * fs;
  const bar = niceScaleBar(proj.metresPerMm, r.w - 2 * pad - 8 * fs);
  const size = layout.metrics.footerSize;
  const x0 = r.x + pad, y0 = r.y + r.h - pad - 1.2 * fs, h = 1.2 * fs, half = bar.mm / 2;
  const width = bar.mm + 2 * pad + textWidth(bar.label, size) / 2;
  return `<g id="scale-bar"><rect x="${f2(r.x)}" y="${f2(r.y)}" width="${f2(width)}" height="${f2(r.h)}" fill="#ffffff" fill-opacity="0.85" rx="1"/>` +
    `<rect x="${f2(x0)}" y="${f2(y0)}" width="${f2(half)}" height="${f2(h)}" fill="#1a1a1a" stroke="#1a1a1a" stroke-width="0.2"/>` +
    `<rect x="${f2(x0 + half)}" y="${f2(y0)}" width="${f2(half)}" height="${f2(h)}" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.2"/>` +
    text(x0, y0 - 1 * fs, '0', size, { anchor: 'middle' }) +
    text(x0 + bar.mm, y0 - 1 * fs, bar.label, size, { anchor: 'middle' }) + '</g>';
}
