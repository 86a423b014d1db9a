// Page layout of a printed map (A4/A3, portrait/landscape) in millimetres, the Web Mercator
// projection that fits a lonLat bbox into the map frame, and a "nice" scale bar. Pure.

export type Paper = 'A4' | 'A3';
export type Orientation = 'portrait' | 'landscape';
export const PAPERS: readonly Paper[] = ['A4', 'A3'];
export const ORIENTATIONS: readonly Orientation[] = ['portrait', 'landscape'];

/** A rectangle on the page, millimetres from the top-left corner. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PageSize {
  width: number; // mm
  height: number; // mm
}

/** Text sizes and block widths that depend only on the paper, so texts can be wrapped before the layout is fixed. */
export interface PageMetrics extends PageSize {
  margin: number; // mm
  fontScale: number; // 1 on A4; A3 prints are read from further away
  titleSize: number; // mm (font size)
  subtitleSize: number;
  legendSize: number;
  footerSize: number;
  lineHeight: number; // multiplier of the font size
  legendColumns: number;
  legendColumnWidth: number; // mm
  footerWidth: number; // mm
}

export interface MapLayout {
  page: PageSize;
  metrics: PageMetrics;
  title: Rect;
  map: Rect;
  legend: Rect;
  footer: Rect;
  northArrow: Rect; // inside the map frame, top right
  scaleBar: Rect; // inside the map frame, bottom left (the box the bar is drawn on)
}

const SHEETS: Record<Paper, [number, number]> = { A4: [210, 297], A3: [297, 420] };

/** Returns the page size in mm (ISO 216) for the paper and orientation. */
export function pageSize(paper: Paper, orientation: Orientation): PageSize {
  const [short, long] = SHEETS[paper];
  return orientation === 'portrait' ? { width: short, height: long } : { width: long, height: short };
}

/** Returns the font sizes (mm) and text block widths (mm) of a page. */
export function pageMetrics(paper: Paper, orientation: Orientation): PageMetrics {
  const page = pageSize(paper, orientation);
  const fontScale = paper === 'A3' ? 1.25 : 1;
  const margin = 10 * fontScale;
  const inner = page.width - 2 * margin;
  const landscape = orientation === 'landscape';
  const legendColumns = landscape ? 1 : 2;
  const legendColumnWidth = landscape ? 72 * fontScale : (inner - 6) / 2;
  return {
    ...page, margin, fontScale,
    titleSize: 6 * fontScale, subtitleSize: 3.8 * fontScale, legendSize: 2.9 * fontScale, footerSize: 2.4 * fontScale,
    lineHeight: 1.3, legendColumns, legendColumnWidth, footerWidth: inner,
  };
}

/**
 * Returns the page layout in mm. `footerLines` is the number of footer text lines; `legendHeight`
 * (mm) is the height the legend needs: the right column in landscape, a block under the map in portrait.
 */
export function mapLayout(paper: Paper, orientation: Orientation, content: { footerLines: number; legendHeight: number }): MapLayout {
  const m = pageMetrics(paper, orientation);
  const { margin, fontScale: fs } = m;
  const titleH = m.titleSize * 1.25 + m.subtitleSize * 1.5 + 2 * fs;
  const title: Rect = { x: margin, y: margin, w: m.footerWidth, h: titleH };
  const footerH = content.footerLines * m.footerSize * m.lineHeight + 1.5 * fs;
  const footer: Rect = { x: margin, y: m.height - margin - footerH, w: m.footerWidth, h: footerH };
  const gap = 4 * fs;
  const top = title.y + title.h + gap / 2;
  let map: Rect;
  let legend: Rect;
  if (orientation === 'landscape') {
    const legendW = m.legendColumnWidth;
    map = { x: margin, y: top, w: m.footerWidth - legendW - gap, h: footer.y - gap - top };
    legend = { x: map.x + map.w + gap, y: top, w: legendW, h: map.h };
  } else {
    const minMapH = 0.45 * (m.height - 2 * margin);
    const legendH = Math.min(content.legendHeight, footer.y - gap - top - gap - minMapH);
    map = { x: margin, y: top, w: m.footerWidth, h: footer.y - gap - legendH - gap - top };
    legend = { x: margin, y: map.y + map.h + gap, w: m.footerWidth, h: legendH };
  }
  const arrow = 12 * fs;
  const northArrow: Rect = { x: map.x + map.w - arrow - 3 * fs, y: map.y + 3 * fs, w: arrow, h: arrow * 1.35 };
  const scaleBar: Rect = { x: map.x + 3 * fs, y: map.y + map.h - 11 * fs, w: Math.min(60 * fs, map.w / 2), h: 8 * fs };
  return { page: { width: m.width, height: m.height }, metrics: m, title, map, legend, footer, northArrow, scaleBar };
}

const R = 6378137; // Web Mercator sphere radius, m
const DEG = Math.PI / 180;
const MAX_LAT = 85.05112878;

/** Returns Web Mercator metres (EPSG:3857) of a lonLat point. */
export function mercator(lon: number, lat: number): [number, number] {
  const phi = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * DEG;
  return [R * lon * DEG, R * Math.log(Math.tan(Math.PI / 4 + phi / 2))];
}

function inverseMercator(x: number, y: number): [number, number] {
  return [x / R / DEG, (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) / DEG];
}

export interface FrameProjection {
  /** lonLat → page millimetres (y downwards). */
  project(lon: number, lat: number): [number, number];
  /** The bbox actually shown (lonLat), the requested one expanded to the frame's aspect ratio. */
  bbox: [number, number, number, number];
  /** Ground metres per page millimetre at the frame centre's latitude. */
  metresPerMm: number;
  /** The representative fraction at the centre, e.g. 10000 for 1:10 000. */
  scaleDenominator: number;
}

/** Returns the Web Mercator projection fitting the lonLat bbox in the frame (aspect kept, bbox expanded). */
export function fitProjection(bbox: readonly [number, number, number, number], frame: Rect): FrameProjection {
  const [x0, y0] = mercator(bbox[0], bbox[1]);
  const [x1, y1] = mercator(bbox[2], bbox[3]);
  // A point or a line still gets a frame: 200 m minimum span.
  const w = Math.max(x1 - x0, 200);
  const h = Math.max(y1 - y0, 200);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const s = Math.min(frame.w / w, frame.h / h); // mm per Mercator metre
  const halfW = frame.w / s / 2;
  const halfH = frame.h / s / 2;
  const [minLon, minLat] = inverseMercator(cx - halfW, cy - halfH);
  const [maxLon, maxLat] = inverseMercator(cx + halfW, cy + halfH);
  const centreLat = inverseMercator(cx, cy)[1];
  const metresPerMm = Math.cos(centreLat * DEG) / s;
  const fx = frame.x + frame.w / 2;
  const fy = frame.y + frame.h / 2;
  return {
    project(lon, lat) {
      const [x, y] = mercator(lon, lat);
      return [fx + (x - cx) * s, fy - (y - cy) * s];
    },
    bbox: [minLon, minLat, maxLon, maxLat],
    metresPerMm,
    scaleDenominator: metresPerMm * 1000,
  };
}

export interface ScaleBar {
  metres: number; // 1, 2 or 5 × 10^n
  mm: number; // length on the page
  label: string; // French, e.g. "500 m", "2 km"
}

/** Returns the longest 1-2-5 × 10^n metre bar that fits in `maxMm` at the given ground metres per mm. */
export function niceScaleBar(metresPerMm: number, maxMm: number): ScaleBar {
  const maxMetres = metresPerMm * maxMm;
  let best = 1;
  for (let p = Math.floor(Math.log10(maxMetres)) - 1; p <= Math.ceil(Math.log10(maxMetres)); p++) {
    for (const f of [1, 2, 5]) {
      const v = f * 10 ** p;
      if (v <= maxMetres && v > best) best = v;
    }
  }
  const metres = Math.round(best * 1e6) / 1e6;
  const label = metres >= 1000 ? `${(metres / 1000).toLocaleString('fr-FR')} km` : `${metres.toLocaleString('fr-FR')} m`;
  return { metres, mm: metres / metresPerMm, label };
}
