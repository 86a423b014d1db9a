import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { initGeos } from '../../../domain/geometry/geos.ts';
import { runVecu, type VecuCliOptions } from './vecu.ts';
import { facilityAt, perimeterL93, squareL93, X0, Y0 } from '../../../domain/testFixtures/squares.ts';
import { ref } from '../../../../test/support/h7Api.ts';
import { CliError } from '../context.ts';

const ws = createWorkspace({
  perimeters: [{ ref: ref('qpv2024', 'perimeters', { generation: '2024' }), perimeters: [{ ...perimeterL93('QN06091M', squareL93(X0, Y0, 100)), generation: '2024' }] }],
  facilities: [{ ref: ref('bpe', 'facilities'), items: [facilityAt('c1', 'C201', X0 + 50, Y0 + 50, { name: 'Collège A', typeLabel: 'Collège' }), facilityAt('m1', 'D113', X0 - 200, Y0 + 50, { name: 'MSP B', typeLabel: 'Maison de santé pluriprofessionnelle' })] }],
});
const opts = (o: Partial<VecuCliOptions> = {}): VecuCliOptions => ({ qpv: 'QN06091M', distance: 300, clip: 'none', include: [], exclude: [], format: 'text', ...o });
beforeAll(() => initGeos());

describe('qpv-atlas vecu', () => {
  it('prints the rule, areas and facilities in French', () => {
    expect(runVecu(ws, opts()).split('\n')).toEqual([
      'QN06091M Quartier QN06091M',
      'Quartier vécu : bande de 300 m autour du périmètre 2024',
      'Bande : 40,2 ha ; QPV + bande : 41,2 ha',
      'Dans le QPV (1) :',
      '  - Collège · Collège A (c1)',
      'Dans la bande (1) :',
      '  - Maison de santé pluriprofessionnelle · MSP B (m1) · 200 m',
    ]);
  });
  it('writes GeoJSON with perimeter, band, QPV+band and facility points', () => {
    const fc = JSON.parse(runVecu(ws, opts({ format: 'geojson' })));
    expect(fc.features.map((f: any) => f.properties.kind)).toEqual(['perimeter', 'band', 'qpvPlusBand', 'facility', 'facility']);
  });
  it('refuses an unknown code and clipping without communes', () => {
    expect(() => runVecu(ws, opts({ qpv: 'QN00000X' }))).toThrow(CliError);
    expect(() => runVecu(ws, opts({ clip: 'communes' }))).toThrow(/contours des communes/);
  });
});
