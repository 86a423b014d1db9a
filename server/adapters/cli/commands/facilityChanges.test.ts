import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { runFacilityChanges, type FacilityChangesCliOptions } from './facilityChanges.ts';
import { formatLookupAnswer } from './lookup.ts';
import { lookupPoint } from '../../../domain/pointLookup.ts';
import { facilityAt, lonLatOf, perimeterL93, squareL93, X0, Y0 } from '../../../domain/testFixtures/squares.ts';
import { ref } from '../../../../test/support/h7Api.ts';

const ws = createWorkspace({
  perimeters: [
    { ref: ref('qpv2015', 'perimeters', { generation: '2015' }), perimeters: [{ ...perimeterL93('QP060901', squareL93(X0, Y0, 1000)), generation: '2015' }] },
    { ref: ref('qpv2024', 'perimeters', { generation: '2024' }), perimeters: [{ ...perimeterL93('QN06091M', squareL93(X0 + 500, Y0, 1000)), generation: '2024' }] },
  ],
  facilities: [{ ref: ref('bpe', 'facilities'), items: [facilityAt('left', 'C201', X0 + 200, Y0 + 500), facilityAt('entered', 'D113', X0 + 1200, Y0 + 500)] }],
});
const opts = (o: Partial<FacilityChangesCliOptions> = {}): FacilityChangesCliOptions => ({ from: '2015', to: '2024', types: [], near: 300, format: 'text', separator: ';', ...o });

describe('qpv-atlas facility-changes', () => {
  it('summarises transitions per quartier in French', () => {
    const out = runFacilityChanges(ws, opts()).split('\n');
    expect(out[0]).toBe('Équipements 2015 → 2024 (proximité : 300 m) : 2 examinés');
    expect(out).toContain('  Entré en QPV : 1');
    expect(out).toContain('QP060901 Quartier QP060901 (2015) — sortis : left');
    expect(out).toContain('QN06091M Quartier QN06091M (2024) — entrés : entered');
  });
  it('writes CSV with the chosen separator and a type filter', () => {
    const csv = runFacilityChanges(ws, opts({ format: 'csv', separator: ',', types: ['D113'] }));
    expect(csv.startsWith('\uFEFFidentifiant,nom,type')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(2);
  });
});

describe('qpv-atlas lookup (text answer)', () => {
  it('prints one French line per generation, the bands reached and the disclaimer', () => {
    const text = formatLookupAnswer(lookupPoint(lonLatOf(X0 + 200, Y0 + 500), ws.perimeterSets()));
    const lines = text.split('\n');
    expect(lines[1]).toBe('  Dans le QPV QP060901 « Quartier QP060901 » (périmètres 2015), à 200 m de sa limite.');
    expect(lines[2]).toBe('  Hors QPV (périmètres 2024) ; le plus proche est QN06091M « Quartier QN06091M », à 300 m.');
    expect(lines[3]).toBe('    bandes de quartier vécu atteintes — 300 m : QN06091M ; 500 m : QN06091M ; 1000 m : QN06091M');
    expect(lines.at(-1)).toMatch(/^Résultat indicatif/);
  });
});
