import { describe, expect, it } from 'vitest';
import { facilityChanges, facilityChangesRows, normaliseInseeQp, PRECISION_LABEL, DISAGREEMENT_LABEL } from './facilityChanges.ts';
import { facilityAt, fixtureSet, perimeterL93, squareL93, X0, Y0 } from './testFixtures/squares.ts';
import type { InseeQpTags } from './model.ts';
import { realColleges, realPerimeterSet } from '../../test/support/h7RealData.ts';

const tags = (qp2015: string | null, qp2024: string | null): InseeQpTags => ({ qp2015, qualiQp2015: qp2015 ? '1' : null, qp2024, qualiQp2024: qp2024 ? '2' : null });

// 2015: a 1 km square; 2024: the same square moved 500 m east.
const from = fixtureSet('2015', [perimeterL93('QP060901', squareL93(X0, Y0, 1000))]);
const to = fixtureSet('2024', [perimeterL93('QN06091M', squareL93(X0 + 500, Y0, 1000))], '2024-08-20');
const facilities = [
  facilityAt('left', 'C201', X0 + 200, Y0 + 500),
  facilityAt('entered', 'D113', X0 + 1200, Y0 + 500),
  facilityAt('stayed', 'C201', X0 + 700, Y0 + 500, { inseeQp: tags('HZ', 'QN06091M') }),
  facilityAt('near', 'D113', X0 + 1700, Y0 + 500),
  facilityAt('edge', 'C201', X0 + 1510, Y0 + 500, { inseeQp: tags(null, 'QN06091M') }),
  facilityAt('far', 'C201', X0 + 3000, Y0 + 500),
];

describe('facilityChanges between two generations of squares', () => {
  const r = facilityChanges(facilities, from, to);

  it('classifies each facility: entered, left, stayed inside, stayed near, outside (counted only)', () => {
    expect(r.counts).toEqual({ entered: 1, left: 1, 'stayed-inside': 1, 'stayed-near': 2, outside: 1 });
    expect(r.total).toBe(6);
    expect(Object.fromEntries(r.facilities.map((f) => [f.id, f.transition]))).toEqual({
      left: 'left', entered: 'entered', stayed: 'stayed-inside', near: 'stayed-near', edge: 'stayed-near',
    });
    const near = r.facilities.find((f) => f.id === 'near')!;
    expect(near.to).toMatchObject({ code: null, nearestCode: 'QN06091M', near: true });
    expect(near.to.distance).toBeCloseTo(200, 3);
    expect(near.from.distance).toBeCloseTo(700, 3);
    expect(r.from).toEqual({ generation: '2015', version: null, datasetId: 'fixture-2015' });
    expect(r.to.version).toBe('2024-08-20');
  });

  it('groups per quartier (2024 code; 2015 code for departures) and per type with French labels', () => {
    expect(r.byQuartier).toEqual([
      { code: 'QP060901', name: 'Quartier QP060901', generation: '2015', entered: [], left: ['left'], stayedInside: [], stayedNear: [] },
      { code: 'QN06091M', name: 'Quartier QN06091M', generation: '2024', entered: ['entered'], left: [], stayedInside: ['stayed'], stayedNear: ['near', 'edge'] },
    ]);
    const college = r.byType.find((t) => t.type === 'C201')!;
    expect(college.typeLabel).toBe('Collège');
    expect(college.counts).toEqual({ entered: 0, left: 1, 'stayed-inside': 1, 'stayed-near': 1, outside: 1 });
    expect(r.byType.find((t) => t.type === 'D113')!.groupLabel).toBe('Santé');
  });

  it('reports INSEE tag disagreements, as positional noise under 25 m of the line, else as disagreement', () => {
    const d = r.inseeDisagreements.map((x) => ({ id: x.id, gen: x.generation, insee: x.inseeCode, computed: x.computedCode, m: Math.round(x.lineDistance!), label: x.label }));
    expect(d).toEqual([
      { id: 'stayed', gen: '2015', insee: null, computed: 'QP060901', m: 300, label: DISAGREEMENT_LABEL },
      { id: 'edge', gen: '2024', insee: 'QN06091M', computed: null, m: 10, label: PRECISION_LABEL },
    ]);
    expect(r.inseeDisagreements[1]).toMatchObject({ verdict: 'precision', inseeQuality: '2' });
    // A stricter threshold turns the 10 m case into a disagreement.
    expect(facilityChanges(facilities, from, to, { precisionThreshold: 5 }).inseeDisagreements[1].verdict).toBe('disagreement');
    expect(normaliseInseeQp(' qp060901 ')).toBe('QP060901');
    expect(normaliseInseeQp('CSZ')).toBeNull();
  });

  it('filters on one quartier code and on a near distance', () => {
    const only = facilityChanges(facilities, from, to, { code: 'QP060901' });
    expect(only.facilities.map((f) => f.id).sort()).toEqual(['left', 'stayed']);
    const tight = facilityChanges(facilities, from, to, { nearDistance: 50 });
    expect(tight.counts).toMatchObject({ 'stayed-near': 1, outside: 2 });
  });

  it('flattens to CSV rows with French column names per generation', () => {
    const rows = facilityChangesRows(r);
    expect(Object.keys(rows[0])).toEqual([
      'identifiant', 'nom', 'type', 'libelle_type', 'groupe', 'commune', 'longitude', 'latitude',
      'qpv_2015', 'qpv_proche_2015', 'distance_2015_m', 'qpv_2024', 'qpv_proche_2024', 'distance_2024_m', 'evolution', 'code_evolution',
    ]);
    expect(rows.find((x) => x.identifiant === 'entered')).toMatchObject({ qpv_2015: null, qpv_2024: 'QN06091M', distance_2024_m: 0, evolution: 'Entré en QPV' });
  });
});

describe('facilityChanges on real data: Occitanie collèges, QPV 2015 → 2024', () => {
  it('classifies every collège, and the entered/left ones are inside exactly one of the two sets', () => {
    const occitanie = new Set(['009', '011', '012', '030', '031', '032', '034', '046', '048', '065', '066', '081', '082']);
    const all = realColleges('fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre_colleges_national.csv');
    const colleges = all.filter((c) => c.commune && occitanie.has('0' + c.commune.slice(0, 2)));
    const from = realPerimeterSet('qpv2015-occitanie-hackaviz/qp.geojson', '2015');
    const to = realPerimeterSet('qpv2024-anct/qpv2024_occitanie.geojson', '2024');
    const r = facilityChanges(colleges, from, to);
    // Pinned on the extracts (2015 file rounded to 4 decimals and shifted a few metres: "left" includes
    // Le Bosquet, Nîmes, under 1 m outside the 2024 line — the kind of case a tolerance is for).
    expect(r.counts).toEqual({ entered: 11, left: 3, 'stayed-inside': 31, 'stayed-near': 79, outside: 517 });
    expect(r.facilities.filter((f) => f.transition === 'left').map((f) => f.id).sort()).toEqual(['0301211D', '0301244P', '0340888F']);
    expect(r.total).toBe(colleges.length);
    expect(colleges.length).toBeGreaterThan(400);
    for (const f of r.facilities) {
      if (f.transition === 'entered') expect([f.from.code, f.to.code !== null]).toEqual([null, true]);
      if (f.transition === 'left') expect([f.from.code !== null, f.to.code]).toEqual([true, null]);
    }
  });
});
