import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRJ_LAMBERT93, writeShapefile } from '../../../test/fixtures/shapefileWriter.ts';
import { tempFolder } from '../../../test/support/formatFixtures.ts';
import { floorsOf, readBuildings, residentialOf } from './buildings.ts';

const { root } = tempFolder('qpv-buildings-test-');
const box = (x: number, y: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + 12, y], [x + 12, y + 20], [x, y + 20], [x, y]]] });

describe('readBuildings', () => {
  it('reads a BD TOPO BATIMENT shapefile: USAGE1, NB_ETAGES, ID', async () => {
    const p = writeShapefile({
      basePath: join(root, 'bdtopo', 'BATIMENT'),
      fields: [{ name: 'ID', type: 'C', length: 24 }, { name: 'USAGE1', type: 'C', length: 30 }, { name: 'NB_ETAGES', type: 'N', length: 4 }],
      features: [
        { properties: { ID: 'BATIMENT0000000241234567', USAGE1: 'Résidentiel', NB_ETAGES: 12 }, geometry: box(650000, 6860000) },
        { properties: { ID: 'BATIMENT0000000241234568', USAGE1: 'Commercial et services', NB_ETAGES: 1 }, geometry: box(650050, 6860000) },
        { properties: { ID: 'BATIMENT0000000241234569', USAGE1: 'Indifférencié', NB_ETAGES: null }, geometry: box(650100, 6860000) },
      ],
      prj: PRJ_LAMBERT93,
    });
    const r = await readBuildings(p);
    expect(r.records.map((b) => [b.id, b.residential, b.floors])).toEqual([
      ['BATIMENT0000000241234567', true, 12],
      ['BATIMENT0000000241234568', false, 1],
      ['BATIMENT0000000241234569', null, null],
    ]);
    expect(r.counts).toMatchObject({ buildings: 3, residential: 1, nonResidential: 1, unknownUse: 1 });
  });

  it('reads an OSM GeoJSON export and skips non-polygons with a warning instead of refusing the file', async () => {
    const p = join(root, 'osm.geojson');
    const deg = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 49.26], [x + 0.0002, 49.26], [x + 0.0002, 49.2602], [x, 49.26]]] });
    writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { '@id': 'way/1', building: 'apartments', 'building:levels': '9' }, geometry: deg(2.47) },
      { type: 'Feature', properties: { '@id': 'way/2', building: 'yes' }, geometry: deg(2.471) },
      { type: 'Feature', properties: { '@id': 'way/3', building: 'school' }, geometry: deg(2.472) },
      { type: 'Feature', properties: { '@id': 'node/4', building: 'house' }, geometry: { type: 'Point', coordinates: [2.47, 49.26] } },
    ] }));
    const r = await readBuildings(p);
    expect(r.records.map((b) => [b.id, b.residential, b.floors])).toEqual([['way/1', true, 9], ['way/2', null, null], ['way/3', false, null]]);
    expect(r.counts.skipped).toBe(1);
    expect(r.issues[0].message).toMatch(/node\/4 ignoré : géométrie non surfacique \(Point\)/);
  });

  it('maps usage and floors fields case-insensitively', () => {
    expect(residentialOf({ usage_1: 'Résidentiel' })).toBe(true);
    expect(residentialOf({ usage_1: 'Agricole' })).toBe(false);
    expect(residentialOf({})).toBeNull();
    expect(floorsOf({ nombre_d_etages: '3' })).toBe(3);
    expect(floorsOf({ NB_ETAGES: 'abc' })).toBeNull();
  });
});
