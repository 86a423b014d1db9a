import { beforeAll, describe, expect, it } from 'vitest';
import type { Commune, Polygonal } from './model.ts';
import { initGeos, area } from './geometry/geos.ts';
import { projectPolygonal } from './project.ts';
import { quartierVecu, quartierVecuAll, vecuRuleSentence, VECU_PRESETS, VECU_QUAD_SEGS, VecuInputError, type VecuRule } from './quartierVecu.ts';
import { facilityAt, perimeterL93, squareL93, X0, Y0 } from './testFixtures/squares.ts';
import { realColleges, realCommunes, realPerimeterSet } from '../../test/support/h7RealData.ts';

beforeAll(() => initGeos());

const rule = (over: Partial<VecuRule> = {}): VecuRule => ({ distance: 300, clip: 'none', include: [], exclude: [], generation: '2024', version: null, ...over });

/** A rectangle drawn in Lambert-93, densified every 50 m so its lonLat copy projects back straight. */
function rectCommune(code: string, x0: number, y0: number, x1: number, y1: number, epci: string | null = null): Commune {
  const pts: number[][] = [];
  const edge = (ax: number, ay: number, bx: number, by: number) => {
    const n = Math.ceil(Math.hypot(bx - ax, by - ay) / 50);
    for (let k = 0; k < n; k++) pts.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  };
  edge(x0, y0, x1, y0); edge(x1, y0, x1, y1); edge(x1, y1, x0, y1); edge(x0, y1, x0, y0);
  pts.push(pts[0]);
  const metric: Polygonal = { type: 'Polygon', coordinates: [pts] };
  return { code, name: `Commune ${code}`, departement: '60', epci, geometry: projectPolygonal(metric, 2154, 4326) };
}

// Exact area of the rounded band around a square of side s at distance d, corners as GEOS draws them.
const polygonDisc = (d: number) => 2 * VECU_QUAD_SEGS * d * d * Math.sin(Math.PI / (2 * VECU_QUAD_SEGS));
const bandArea = (s: number, d: number) => 4 * s * d + polygonDisc(d);

describe('quartierVecu on a 100 m square', () => {
  const q = perimeterL93('QN06099M', squareL93(X0, Y0, 100), { communes: ['60001'] });
  const facilities = [
    facilityAt('in', 'C201', X0 + 50, Y0 + 50),
    facilityAt('east200', 'D113', X0 + 300, Y0 + 50),
    facilityAt('west200', 'C201', X0 - 200, Y0 + 50),
    facilityAt('far', 'D113', X0 + 500, Y0 + 50),
    facilityAt('farAdded', 'D113', X0 + 450, Y0 + 50),
    facilityAt('westExcluded', 'F121', X0 - 100, Y0 + 20),
  ];

  it('band = buffer − perimeter: area π·300² + 4·100·300 up to buffer segmentation', async () => {
    const r = quartierVecu(q, rule(), { facilities: [] });
    expect(r.bandAreaM2 / bandArea(100, 300)).toBeCloseTo(1, 6);
    expect(Math.abs(r.bandAreaM2 - (Math.PI * 300 ** 2 + 4 * 100 * 300))).toBeLessThan(0.003 * Math.PI * 300 ** 2);
    expect(r.qpvPlusBandAreaM2 / (bandArea(100, 300) + 100 * 100)).toBeCloseTo(1, 6);
    // Returned in lonLat: back in Lambert-93 it has the same area.
    expect(area(projectPolygonal(r.band!, 4326, 2154)) / r.bandAreaM2).toBeCloseTo(1, 5);
    expect(r.band!.type === 'Polygon' ? r.band!.coordinates[0][0][0] : 0).toBeLessThan(10);
    expect(r.ruleText).toBe('Quartier vécu : bande de 300 m autour du périmètre 2024');
  });

  it('splits facilities into QPV / band / added / excluded, grouped by type with French labels', () => {
    const r = quartierVecu(q, rule({ include: ['farAdded', 'nope'], exclude: ['westExcluded'] }), { facilities });
    const ids = (k: 'qpv' | 'band' | 'added' | 'excluded') => r.facilities[k].map((f) => f.id);
    expect(ids('qpv')).toEqual(['in']);
    expect(ids('band')).toEqual(['east200', 'west200']);
    expect(ids('added')).toEqual(['farAdded']);
    expect(ids('excluded')).toEqual(['westExcluded']);
    expect(r.facilities.unknownIds).toEqual(['nope']);
    expect(r.facilities.band[0].distance).toBeCloseTo(200, 3);
    expect(r.facilities.added[0].distance).toBeCloseTo(350, 3);
    const college = r.facilities.byType.find((t) => t.type === 'C201')!;
    expect(college).toMatchObject({ typeLabel: 'Collège', qpv: 1, band: 1, added: 0 });
    expect(r.facilities.byType.find((t) => t.type === 'F121')).toMatchObject({ excluded: 1, groupLabel: 'Sport' });
    expect(r.ruleText).toBe('Quartier vécu : bande de 300 m autour du périmètre 2024 ; 2 équipements ajoutés, 1 équipement exclu à la main');
  });

  it('clips the band to the commune: a commune ending on the square’s middle keeps half the band', () => {
    const commune = rectCommune('60001', X0 - 2000, Y0 - 2000, X0 + 50, Y0 + 2000);
    const other = rectCommune('60002', X0 + 50, Y0 - 2000, X0 + 2000, Y0 + 2000);
    const r = quartierVecu(q, rule({ clip: 'communes' }), { facilities, communes: [commune, other] });
    expect(r.clipCommunes).toEqual(['60001']);
    expect(r.bandAreaM2 / (bandArea(100, 300) / 2)).toBeCloseTo(1, 4);
    expect(r.facilities.band.map((f) => f.id)).toEqual(['westExcluded', 'west200']); // nearest first
    expect(r.ruleText).toBe('Quartier vécu : bande de 300 m autour du périmètre 2024, limitée à la commune');
  });

  it('clips to the EPCI: every commune sharing the SIREN of the QPV’s communes', () => {
    const communes = [
      rectCommune('60001', X0 - 2000, Y0 - 2000, X0 + 50, Y0 + 2000, '200067999'),
      rectCommune('60002', X0 + 50, Y0 - 2000, X0 + 2000, Y0 + 100, '200067999'),
      rectCommune('60003', X0 + 50, Y0 + 100, X0 + 2000, Y0 + 2000, '246000000'),
    ];
    const r = quartierVecu(q, rule({ clip: 'epci' }), { facilities: [], communes });
    expect(r.clipCommunes).toEqual(['60001', '60002']);
    // Lost: the part of the band east of x = 50 and north of y = 100 (a quarter disc and a 50 × 300 strip).
    const lost = polygonDisc(300) / 4 + 50 * 300;
    expect(r.bandAreaM2 / (bandArea(100, 300) - lost)).toBeCloseTo(1, 4);
    expect(vecuRuleSentence(r.rule)).toBe('Quartier vécu : bande de 300 m autour du périmètre 2024, limitée à l’EPCI');
  });

  it('refuses bad rules and clipping without communes, in French', () => {
    expect(() => quartierVecu(q, rule({ distance: -5 }), { facilities: [] })).toThrow(/Distance du quartier vécu invalide/);
    expect(() => quartierVecu(q, rule({ clip: 'communes' }), { facilities: [] })).toThrow(VecuInputError);
    expect(() => quartierVecu(q, rule({ include: ['a'], exclude: ['a'] }), { facilities: [] })).toThrow(/ajoutés et exclus/);
  });

  it('says the rule in French for each preset and version', () => {
    expect(VECU_PRESETS.map((p) => p.distance)).toEqual([300, 500, 1000]);
    expect(vecuRuleSentence(rule({ distance: 1000, version: '2024-08-20' }))).toBe('Quartier vécu : bande de 1 000 m autour du périmètre 2024 (version 2024-08-20)');
  });
});

describe('quartierVecuAll', () => {
  it('reports bands overlapping each other and overlapping the neighbouring QPV', () => {
    const a = perimeterL93('A', squareL93(X0, Y0, 100));
    const b = perimeterL93('B', squareL93(X0 + 400, Y0, 100));
    const c = perimeterL93('C', squareL93(X0 + 5000, Y0, 100));
    const { results, overlaps } = quartierVecuAll([a, b, c], rule(), { facilities: [] });
    expect(results.map((r) => r.code)).toEqual(['A', 'B', 'C']);
    const find = (code: string, other: string, w: string) => overlaps.find((o) => o.code === code && o.otherCode === other && o.with === w);
    // A's band ends at x = 400 where B's square starts: they touch, no area in common.
    expect(find('A', 'B', 'perimeter')).toBeUndefined();
    expect(find('A', 'B', 'band')!.areaM2).toBeGreaterThan(100 * 200);
    expect(overlaps.some((o) => o.code === 'C' || o.otherCode === 'C')).toBe(false);
  });
});

describe('quartierVecu on real data: Creil collèges', () => {
  it('lists the collèges inside each Creil QPV and in its 300 m band, clipped to the commune', () => {
    const seed = realPerimeterSet('qpv2024-anct/qpv2024_seed_territories.geojson', '2024');
    const creil = seed.items.filter((p) => p.communes.includes('60175'));
    expect(creil.length).toBeGreaterThanOrEqual(2);
    const communes = realCommunes('communes-60-oise.geojson');
    const colleges = realColleges().filter((c) => c.commune?.startsWith('60'));
    const lines: string[] = [];
    for (const p of creil) {
      const r = quartierVecu(p, rule({ clip: 'communes' }), { facilities: colleges, communes });
      for (const f of [...r.facilities.qpv, ...r.facilities.band]) {
        expect(f.distance).toBeLessThanOrEqual(300);
        lines.push(`${p.code} ${f.place} ${f.id} ${Math.round(f.distance)}`);
      }
      expect(r.bandAreaM2).toBeGreaterThan(0);
      expect(r.clipCommunes.length).toBeGreaterThan(0);
    }
    // Read off the map and pinned: Gabriel Havez and J.-J. Rousseau inside Les Hauts de Creil, Al Ghazali
    // and Jules Michelet across its line; AVEMPACE (private, hors contrat) 4 m from Jaurès - Gournay.
    expect(lines).toEqual([
      'QN06001M qpv 0600022Y 0',
      'QN06001M qpv 0601177D 0',
      'QN06001M band 0602132S 56',
      'QN06001M band 0601449Z 186',
      'QN06019N band 0602167E 4',
    ]);
  });
});

describe('quartierVecu indicators on real Filosofi 2017 cells (Creil)', () => {
  it('band + QPV add up to QPV+band, with the band’s households above the secrecy threshold', async () => {
    const { readFilosofiCells } = await import('../adapters/formats/filosofi.ts');
    const { indicatorsForArea } = await import('./indicators.ts');
    const { shared } = await import('../../test/support/h7RealData.ts');
    const { grids } = await readFilosofiCells(shared('filosofi2017-200m-oise', 'filosofi2017_200m_compiegne_creil.csv'));
    const seed = realPerimeterSet('qpv2024-anct/qpv2024_seed_territories.geojson', '2024');
    const p = seed.items.find((x) => x.code === 'QN06001M')!;
    const r = quartierVecu(p, rule(), { facilities: [], grids });
    const band = r.indicators.band!, whole = r.indicators.qpvPlusBand!;
    const qpv = indicatorsForArea(grids, p.geometry);
    expect(band.secret).toBe(false);
    expect(band.counts.ind!).toBeGreaterThan(1000);
    expect((band.counts.ind! + qpv.counts.ind!) / whole.counts.ind!).toBeCloseTo(1, 3);
    expect((band.counts.men! + qpv.counts.men!) / whole.counts.men!).toBeCloseTo(1, 3);
  });
});
