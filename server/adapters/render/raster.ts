// Rendering of map SVGs to print formats: PNG with resvg (fonts loaded from files, so text renders
// the same on every machine) and vector PDF with pdfkit + svg-to-pdfkit (DejaVu embedded, so the
// text stays selectable and searchable). No network: everything comes from the SVG itself.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { pageSize, type Orientation, type Paper } from '../../domain/mapLayout.ts';
import { FONT_FAMILY } from '../../domain/mapSvg.ts';

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/local/share/fonts/dejavu'];
const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf', boldItalic: 'DejaVuSans-BoldOblique.ttf' };

/** Returns the paths of the DejaVu Sans files; throws in French when fonts-dejavu-core is missing. */
export function dejavuFonts(): Record<keyof typeof FONT_FILES, string> {
  const dir = (process.env.QPV_ATLAS_FONT_DIR ? [process.env.QPV_ATLAS_FONT_DIR] : FONT_DIRS).find((d) => existsSync(join(d, FONT_FILES.regular)));
  if (!dir) throw new Error('Police DejaVu Sans introuvable : installez le paquet fonts-dejavu-core (ou indiquez QPV_ATLAS_FONT_DIR).');
  const out = {} as Record<keyof typeof FONT_FILES, string>;
  for (const [k, f] of Object.entries(FONT_FILES) as [keyof typeof FONT_FILES, string][]) {
    out[k] = existsSync(join(dir, f)) ? join(dir, f) : join(dir, FONT_FILES.regular);
  }
  return out;
}

const MM_PER_INCH = 25.4;
const PT_PER_MM = 72 / MM_PER_INCH;

/** Returns the pixel size of a page at a resolution: A4 landscape at 300 dpi = 3508 × 2480. */
export function pixelSize(paper: Paper, orientation: Orientation, dpi: number): { width: number; height: number } {
  const p = pageSize(paper, orientation);
  return { width: Math.round((p.width / MM_PER_INCH) * dpi), height: Math.round((p.height / MM_PER_INCH) * dpi) };
}

/** Returns the PNG bytes of a map SVG rendered at `dpi` (default 300) for its paper size. */
export function svgToPng(svg: string, paper: Paper, orientation: Orientation, dpi = 300): Buffer {
  const f = dejavuFonts();
  const { width } = pixelSize(paper, orientation, dpi);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: Object.values(f), defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

export interface PdfPage {
  svg: string;
  paper: Paper;
  orientation: Orientation;
}

/** Returns the bytes of a vector PDF with one page per map SVG; `title` goes into the PDF metadata. */
export async function svgsToPdf(pages: PdfPage[], title: string, opts: { subject?: string; date?: Date } = {}): Promise<Buffer> {
  if (!pages.length) throw new Error('Aucune page à produire.');
  const f = dejavuFonts();
  const size = (p: PdfPage) => {
    const s = pageSize(p.paper, p.orientation);
    return [s.width * PT_PER_MM, s.height * PT_PER_MM] as [number, number];
  };
  const doc = new PDFDocument({
    size: size(pages[0]), margin: 0, autoFirstPage: false, compress: true,
    info: { Title: title, Subject: opts.subject ?? '', Creator: 'QPV Atlas', Producer: 'QPV Atlas (pdfkit)', CreationDate: opts.date ?? new Date() },
    lang: 'fr-FR', displayTitle: true,
  });
  doc.registerFont('DejaVuSans', f.regular);
  doc.registerFont('DejaVuSans-Bold', f.bold);
  doc.registerFont('DejaVuSans-Oblique', f.italic);
  doc.registerFont('DejaVuSans-BoldOblique', f.boldItalic);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const p of pages) {
    const [w, h] = size(p);
    doc.addPage({ size: [w, h], margin: 0 });
    SVGtoPDF(doc, p.svg, 0, 0, {
      width: w, height: h, assumePt: true, preserveAspectRatio: 'xMidYMid meet',
      fontCallback: (_family, bold, italic) => `DejaVuSans${bold && italic ? '-BoldOblique' : bold ? '-Bold' : italic ? '-Oblique' : ''}`,
      warningCallback: () => {},
    });
  }
  doc.end();
  return done;
}

/** Returns the bytes of a one-page vector PDF of a map SVG. */
export function svgToPdf(svg: string, paper: Paper, orientation: Orientation, title: string, date?: Date): Promise<Buffer> {
  return svgsToPdf([{ svg, paper, orientation }], title, { date });
}
