import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSharedDataDir } from '../../config.ts';
import { PRJ_LAMBERT93, writeShapefile } from '../../../test/fixtures/shapefileWriter.ts';
import { tempFolder } from '../../../test/support/formatFixtures.ts';
import { readCommunes } from './communes.ts';

const { root } = tempFolder('qpv-communes-test-');

describe('readCommunes', () => {
  it('reads the 686 Oise communes (france-geojson: code, nom) with their département', async () => {
    const r = await readCommunes(join(resolveSharedDataDir(), 'communes-france-geojson', 'communes-60-oise.geojson'));
    expect(r.records).toHaveLength(686);
    const creil = r.records.find((c) => c.code === '60175')!;
    expect(creil).toMatchObject({ name: 'Creil', departement: '60', epci: null });
    expect(r.records.find((c) => c.code === '60159')!.name).toBe('Compiègne');
    expect(r.counts.communes).toBe(686);
  });

  it('reads an Admin Express shapefile (INSEE_COM, NOM, SIREN_EPCI, Latin-1) including Corsica codes', async () => {
    const sq = (x: number) => ({ type: 'Polygon' as const, coordinates: [[[x, 6860000], [x + 1000, 6860000], [x + 1000, 6861000], [x, 6860000]]] });
    const p = writeShapefile({
      basePath: join(root, 'COMMUNE'),
      fields: [{ name: 'INSEE_COM', type: 'C', length: 5 }, { name: 'NOM', type: 'C', length: 40 }, { name: 'SIREN_EPCI', type: 'C', length: 9 }],
      features: [
        { properties: { INSEE_COM: '42218', NOM: 'Saint-Étienne', SIREN_EPCI: '244200770' }, geometry: sq(650000) },
        { properties: { INSEE_COM: '2A004', NOM: 'Ajaccio', SIREN_EPCI: '242010056' }, geometry: sq(652000) },
      ],
      prj: PRJ_LAMBERT93,
    });
    const r = await readCommunes(p);
    expect(r.records.map((c) => [c.code, c.name, c.departement, c.epci])).toEqual([
      ['42218', 'Saint-Étienne', '42', '244200770'],
      ['2A004', 'Ajaccio', '2A', '242010056'],
    ]);
  });

  it('refuses duplicate and missing commune codes', async () => {
    const p = join(root, 'dup.geojson');
    const g = { type: 'Polygon', coordinates: [[[2.47, 49.26], [2.48, 49.26], [2.48, 49.27], [2.47, 49.26]]] };
    writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: '60175', nom: 'Creil' }, geometry: g },
      { type: 'Feature', properties: { code: '60175', nom: 'Creil bis' }, geometry: g },
      { type: 'Feature', properties: { nom: 'Sans code' }, geometry: g },
    ] }));
    await expect(readCommunes(p)).rejects.toThrow(/2 commune\(s\) refusée\(s\) dans dup.geojson : 60175, #3/);
  });
});
