import { beforeAll, describe, expect, it } from 'vitest';
import { area, initGeos } from './geometry/geos.ts';
import { projectPolygonal } from './project.ts';
import { studyAreaFromCommunes } from './studyArea.ts';
import type { Commune, Polygonal } from './model.ts';
import { loadOise, OISE_DEMO_COMMUNES } from '../../test/fixtures/pocketsOise.ts';

const square = (x: number, y: number, s: number): Polygonal => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
const commune = (code: string, x: number, epci: string | null, departement = '60'): Commune => ({ code, name: `Commune ${code}`, departement, epci, geometry: square(x, 49, 0.01) });

beforeAll(() => initGeos());

describe('studyAreaFromCommunes (hand-built)', () => {
  const all = [commune('60001', 2.0, '200067'), commune('60002', 2.01, '200067'), commune('60003', 2.05, null), commune('02001', 2.1, null, '02')];

  it('dissolves adjacent communes into one polygon and lists unknown codes', () => {
    const s = studyAreaFromCommunes(all, { communes: ['60001', ' 60002', '99999'] });
    expect(s.communes.map((c) => c.code)).toEqual(['60001', '60002']);
    expect(s.unknown).toEqual(['99999']);
    expect(s.area?.type).toBe('Polygon');
    expect(area(s.area!)).toBeCloseTo(0.0002, 10);
  });

  it('adds the communes of an EPCI and of a département', () => {
    expect(studyAreaFromCommunes(all, { epci: '200067' }).communes.map((c) => c.code)).toEqual(['60001', '60002']);
    expect(studyAreaFromCommunes(all, { departement: '60', communes: ['02001'] }).communes).toHaveLength(4);
  });

  it('returns no area when nothing matches', () => {
    expect(studyAreaFromCommunes(all, { epci: '123' })).toEqual({ area: null, communes: [], unknown: [] });
  });
});

describe('studyAreaFromCommunes (real Oise outlines)', () => {
  it('unions the five demo communes without losing area', async () => {
    const { communes } = await loadOise();
    const s = studyAreaFromCommunes(communes.items, { communes: OISE_DEMO_COMMUNES });
    expect(s.communes.map((c) => c.name).sort()).toEqual(['Compiègne', 'Creil', 'Montataire', 'Nogent-sur-Oise', 'Villers-Saint-Paul']);
    const l93 = (g: Polygonal) => area(projectPolygonal(g, 4326, 2154));
    const sum = s.communes.reduce((t, c) => t + l93(c.geometry), 0);
    expect(Math.abs(l93(s.area!) - sum) / sum).toBeLessThan(1e-3);
    expect(sum / 1e6).toBeGreaterThan(60); // Compiègne alone is 53 km²
  });
});
