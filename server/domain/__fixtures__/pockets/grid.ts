// A hand-built Filosofi grid near Creil (EPSG:3035) with known poverty pockets, for tests.
// Pure data builders, no I/O. The picture below is the whole fixture: one character per 200 m cell,
// top line = northmost row (j = 9), first column = westmost (i = 0); i, j are counted from (X0, Y0).
//
//   j=9  ooooooooooow.     o ordinary: 100 inhabitants, 40 households, 10 % poor, 22 000 €
//   j=8  oooooroooooo.     r "rather poor": 500 inh., 200 households, 27 % poor (flagged only by 2 × the area's rate)
//   j=7  oooooooooooo.     P poor: 100 inh., 40 households, 40 % poor, 12 000 €; the one at (1,1) is imputed
//   j=6  ooooooooQooo.     Q poor cell inside the QPV (which covers i 8–9, j 6–7 exactly)
//   j=5  oooooooooooo.     s small poor imputed cells: 5 households each, 40 % poor → a cluster of 10 households
//   j=4  ooooooooooooP     w weak: 3 households, 2 poor (too few households to flag)
//   j=3  oooPoooooooo.     the P at (12,4) lies outside the study area (which stops 0.4 cell into column 12)
//   j=2  oPPooooooooo.
//   j=1  oPooooooosso.     P cells: an L of three (1,1) (1,2) (2,2) and (3,3) on the diagonal of (2,2);
//   j=0  oooooooooooo.     s cells at (9,1) and (10,1); the two communes split at column 6
import type { Commune, DatasetRef, LoadedPerimeter, Polygonal } from '../../model.ts';
import type { CellGrid } from '../../model.ts';
import { LAEA, LAMBERT93, WGS84 } from '../../crs.ts';
import { bboxOf, projectPolygonal } from '../../project.ts';

export const PICTURE = [
  'ooooooooooow.',
  'oooooroooooo.',
  'oooooooooooo.',
  'ooooooooQooo.',
  'oooooooooooo.',
  'ooooooooooooP',
  'oooPoooooooo.',
  'oPPooooooooo.',
  'oPooooooosso.',
  'oooooooooooo.',
];

/** Lower-left corner of cell (0, 0) in EPSG:3035 metres (inside the Oise extract, near Creil). */
export const X0 = 3790000;
export const Y0 = 2950000;
const S = 200;

interface CellValues {
  ind: number;
  men: number;
  men_pauv: number;
  living: number; // ind_snv / ind
  log_soc: number;
  imputed: boolean;
}

const KINDS: Record<string, CellValues> = {
  o: { ind: 100, men: 40, men_pauv: 4, living: 22000, log_soc: 4, imputed: false },
  r: { ind: 500, men: 200, men_pauv: 54, living: 15000, log_soc: 50, imputed: false },
  P: { ind: 100, men: 40, men_pauv: 16, living: 12000, log_soc: 30, imputed: false },
  Q: { ind: 300, men: 120, men_pauv: 60, living: 11000, log_soc: 100, imputed: false },
  s: { ind: 12, men: 5, men_pauv: 2, living: 10000, log_soc: 0, imputed: true },
  w: { ind: 6, men: 3, men_pauv: 2, living: 10000, log_soc: 0, imputed: true },
};

/** The fixture grid; `communes` (lcog_geo per cell) when given as a function of (i, j). */
export function pocketGrid(communeOf?: (i: number, j: number) => string): CellGrid {
  const cells: { i: number; j: number; v: CellValues }[] = [];
  PICTURE.forEach((line, row) => {
    const j = PICTURE.length - 1 - row;
    [...line].forEach((ch, i) => {
      if (ch === '.') return;
      const v = ch === 'P' && i === 1 && j === 1 ? { ...KINDS.P, imputed: true } : KINDS[ch];
      cells.push({ i, j, v });
    });
  });
  cells.sort((a, b) => a.j - b.j || a.i - b.i);
  const n = cells.length;
  const f32 = (fn: (v: CellValues) => number) => Float32Array.from(cells, (c) => fn(c.v));
  return {
    epsg: LAEA,
    size: S,
    count: n,
    i: Int32Array.from(cells, (c) => X0 / S + c.i),
    j: Int32Array.from(cells, (c) => Y0 / S + c.j),
    imputed: Uint8Array.from(cells, (c) => (c.v.imputed ? 1 : 0)),
    values: {
      ind: f32((v) => v.ind),
      men: f32((v) => v.men),
      men_pauv: f32((v) => v.men_pauv),
      ind_snv: Float64Array.from(cells, (c) => c.v.ind * c.v.living),
      log_soc: f32((v) => v.log_soc),
    },
    communes: communeOf ? cells.map((c) => communeOf(c.i, c.j)) : undefined,
  };
}

/** A rectangle in fixture cell units (i0..i1 × j0..j1, fractions allowed) as a lonLat polygon. */
export function rectLonLat(i0: number, j0: number, i1: number, j1: number): Polygonal {
  const [x0, y0, x1, y1] = [X0 + i0 * S, Y0 + j0 * S, X0 + i1 * S, Y0 + j1 * S];
  return projectPolygonal({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }, LAEA, WGS84);
}

/** The study area: columns 0 to 12.4, rows 0 to 10 (the P at (12,4) is 40 % inside, so left out). */
export const STUDY_AREA = rectLonLat(0, 0, 12.4, 10);

/** The QPV: exactly the cells (8..9, 6..7). */
export function fixtureQpv(): LoadedPerimeter {
  const geometry = rectLonLat(8, 6, 10, 8);
  return {
    code: 'QN06099Z', name: 'Quartier du fixture', communes: ['60463'], departement: '60', epci: null,
    generation: '2024', version: null, geometry, properties: {},
    datasetId: 'fixture-qpv', metricEpsg: LAMBERT93, metric: projectPolygonal(geometry, WGS84, LAMBERT93), bbox: bboxOf(geometry),
  };
}

/** Two communes splitting the fixture at column 6: Creil to the west, Nogent-sur-Oise to the east. */
export function fixtureCommunes(): Commune[] {
  return [
    { code: '60175', name: 'Creil', departement: '60', epci: null, geometry: rectLonLat(-1, -1, 6, 11) },
    { code: '60463', name: 'Nogent-sur-Oise', departement: '60', epci: null, geometry: rectLonLat(6, -1, 14, 11) },
  ];
}

export const FIXTURE_CELLS_REF: DatasetRef = {
  id: 'fixture-cells', kind: 'cells', label: 'Carreaux fictifs', generation: null, version: null, vintage: '2017', sourceName: 'fixture',
};
