import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { resolveSharedDataDir } from '../../config.ts';
import { area, initGeos, validityReason } from '../../domain/geometry/geos.ts';
import { converter } from '../../domain/crs.ts';
import { PRJ_LAMBERT93, writeShapefile } from '../../../test/fixtures/shapefileWriter.ts';
import { refusal, tempFolder } from '../../../test/support/formatFixtures.ts';
import { departementOfQpCode, readPerimeters, versionFromFileName } from './perimeters.ts';

const data = resolveSharedDataDir();
const { root, dir } = tempFolder('qpv-perimeters-test-');

function geojson(features: { properties: Record<string, unknown>; geometry: Geometry | null }[], name = 'test.geojson'): string {
  const p = join(dir(), name);
  writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) }));
  return p;
}

/** A square of about 100 m near Creil, lon/lat. */
const sq = (dx = 0): Geometry => ({
  type: 'Polygon',
  coordinates: [[[2.47 + dx, 49.26], [2.4714 + dx, 49.26], [2.4714 + dx, 49.2609], [2.47 + dx, 49.2609], [2.47 + dx, 49.26]]],
});

describe('real ANCT extracts', () => {
  it('reads the 2024 seed territories: 34 perimeters, commune arrays, départements from the codes', async () => {
    const r = await readPerimeters(join(data, 'qpv2024-anct', 'qpv2024_seed_territories.geojson'));
    expect(r.records).toHaveLength(34);
    expect(r.generation).toBe('2024');
    expect(r.version).toBeNull();
    expect(r.sourceCrs).toBe(4326);
    const byCode = new Map(r.records.map((p) => [p.code, p]));
    expect(byCode.get('QN06019N')!.communes).toEqual(['60175', '60414']);
    expect(byCode.get('QN09314M')!.communes).toEqual(['93007', '93008', '93010', '93053']);
    expect(byCode.get('QN06001M')!.departement).toBe('60');
    expect(byCode.get('QN07108M')!.departement).toBe('71');
    expect(byCode.get('QN09301I')!.departement).toBe('93');
    expect(byCode.get('QN06001M')!.properties).toMatchObject({ code_qp: 'QN06001M', insee_com: '60175' });
    expect(r.counts).toMatchObject({ features: 34, perimeters: 34, repaired: 0, multiCommune: 8 });
  });

  it('reads all 108 QPV 2024 of Occitanie with the département counts of ANCT’s list', async () => {
    const r = await readPerimeters(join(data, 'qpv2024-anct', 'qpv2024_occitanie.geojson'), { version: '2024-08-20' });
    expect(r.records).toHaveLength(108);
    const perDep: Record<string, number> = {};
    for (const p of r.records) perDep[p.departement!] = (perDep[p.departement!] ?? 0) + 1;
    expect(perDep).toEqual({ '09': 3, '11': 10, '12': 5, '30': 17, '31': 19, '32': 1, '34': 21, '46': 1, '48': 1, '65': 4, '66': 10, '81': 11, '82': 5 });
    expect(r.records.every((p) => p.version === '2024-08-20')).toBe(true);
    expect(r.records.find((p) => p.code === 'QN03016M')!.communes).toEqual(['30051', '30132', '30307']);
  });

  it('reads the 105 QPV 2015 of Occitanie (hackaviz schema: code_commune, code_departement)', async () => {
    const r = await readPerimeters(join(data, 'qpv2015-occitanie-hackaviz', 'qp.geojson'));
    expect(r.records).toHaveLength(105);
    expect(r.generation).toBe('2015');
    const p = r.records.find((x) => x.code === 'QP066007')!;
    expect(p).toMatchObject({ name: 'Bas-Vernet Nouveau QPV', communes: ['66136'], departement: '66', generation: '2015' });
    // coordinates rounded to 4 decimals make 29 rings self-touch: each is repaired and reported
    expect(r.counts.repaired).toBe(29);
    expect(r.issues.filter((i) => /réparée/.test(i.message))).toHaveLength(29);
  });

  it('repairs QP075019 (invalid as published) and reports it by code with GEOS’s reason', async () => {
    await initGeos();
    const r = await readPerimeters(join(data, 'qpv2015-les-emplois-testfixtures', 'qpv2015_les_emplois_3qpv.geojson'));
    expect(r.records.map((p) => p.code).sort()).toEqual(['QP075019', 'QP093028', 'QP094025']);
    expect(r.counts.repaired).toBe(1);
    const issue = r.issues.find((i) => i.feature === 'QP075019')!;
    expect(issue.message).toMatch(/QP075019 : géométrie invalide réparée \(MakeValid\) — .*Self-intersection.* près de 2\.41\d+, 48\.86\d+/);
    const repaired = r.records.find((p) => p.code === 'QP075019')!;
    const f = converter(4326, 2154);
    const l93 = { type: 'MultiPolygon' as const, coordinates: (repaired.geometry.type === 'Polygon' ? [repaired.geometry.coordinates] : repaired.geometry.coordinates).map((p) => p.map((ring) => ring.map(([x, y]) => f(x, y)))) };
    expect(validityReason(l93)).toBeNull();
    expect(area(l93)).toBeGreaterThan(100_000);
    // 2015 commune_qp holds names here, not codes: no code is invented
    expect(repaired.communes).toEqual([]);
    expect(repaired.departement).toBe('75');
  });
});

describe('schemas and metadata', () => {
  it('maps the 2015 ANCT shapefile schema (upper case, Latin-1) and the 2024 one', async () => {
    const d = join(root, 'shp2015');
    const l93 = { type: 'Polygon' as const, coordinates: [[[650000, 6860000], [650100, 6860000], [650100, 6860100], [650000, 6860100], [650000, 6860000]]] };
    const p = writeShapefile({
      basePath: join(d, 'QP_METROPOLE_LB93'),
      fields: [{ name: 'CODE_QP', type: 'C', length: 8 }, { name: 'NOM_QP', type: 'C', length: 60 }, { name: 'COMMUNE_QP', type: 'C', length: 60 }],
      features: [{ properties: { CODE_QP: 'QP042003', NOM_QP: 'Montchovet', COMMUNE_QP: 'Saint-Étienne' }, geometry: l93 }],
      prj: PRJ_LAMBERT93,
    });
    const r = await readPerimeters(p);
    expect(r.records[0]).toMatchObject({ code: 'QP042003', name: 'Montchovet', departement: '42', generation: '2015', communes: [] });
    expect(r.records[0].properties.COMMUNE_QP).toBe('Saint-Étienne');
    expect(r.sourceCrs).toBe(2154);

    const q = geojson([{ properties: { code_qp: 'QN06019N', lib_qp: 'Rouher', insee_reg: '32', insee_dep: '60', insee_com: '60175, 60414', lib_com: 'Creil, Nogent-sur-Oise', siren_epci: '200067965' }, geometry: sq() }]);
    const r2 = await readPerimeters(q);
    expect(r2.records[0]).toMatchObject({ code: 'QN06019N', name: 'Rouher', departement: '60', communes: ['60175', '60414'], epci: '200067965' });
  });

  it('takes the version from the option, else from a date in the file name', async () => {
    expect(versionFromFileName('QP2024_France_Hexagonale_2024-08-20.geojson')).toBe('2024-08-20');
    expect(versionFromFileName('qpv_20240426.zip')).toBe('2024-04-26');
    expect(versionFromFileName('QP2024_France_Hexagonale_Outre_Mer_WGS84.geojson')).toBeNull();
    const p = geojson([{ properties: { code_qp: 'QN06001M', lib_qp: 'A' }, geometry: sq() }], 'qpv_2024-04-26.geojson');
    expect((await readPerimeters(p)).version).toBe('2024-04-26');
    expect((await readPerimeters(p, { version: 'décret 2024-806' })).version).toBe('décret 2024-806');
  });

  it('derives départements from codes, including overseas and Corsica', () => {
    expect(departementOfQpCode('QP060004')).toBe('60');
    expect(departementOfQpCode('QN06007M')).toBe('60');
    expect(departementOfQpCode('QN00901M')).toBe('09');
    expect(departementOfQpCode('QN97101N')).toBe('971');
    expect(departementOfQpCode('QP02A001')).toBe('2A');
    expect(departementOfQpCode('XYZ')).toBeNull();
  });

  it('warns when an explicit generation contradicts the codes, and needs one when codes say nothing', async () => {
    const p = geojson([{ properties: { code_qp: 'QN06001M', lib_qp: 'A' }, geometry: sq() }]);
    const r = await readPerimeters(p, { generation: '2015' });
    expect(r.generation).toBe('2015');
    expect(r.issues.map((i) => i.message).join()).toMatch(/Génération 2015 indiquée, mais les codes \(QN…\) sont ceux de la génération 2024/);
    const q = geojson([{ properties: { code_qp: 'ZONE-1', lib_qp: 'A' }, geometry: sq() }]);
    expect((await refusal(readPerimeters(q))).details[0].message).toMatch(/--generation/);
    expect((await readPerimeters(q, { generation: 'projet 2030' })).records[0].generation).toBe('projet 2030');
  });
});

describe('geometry checks', () => {
  it('closes unclosed rings with a warning', async () => {
    const open: Geometry = { type: 'Polygon', coordinates: [[[2.47, 49.26], [2.4714, 49.26], [2.4714, 49.2609], [2.47, 49.2609]]] };
    const r = await readPerimeters(geojson([{ properties: { code_qp: 'QN06001M', lib_qp: 'A' }, geometry: open }]));
    const ring = (r.records[0].geometry as any).coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(r.issues[0]).toMatchObject({ feature: 'QN06001M' });
    expect(r.issues[0].message).toMatch(/non fermé/);
    expect(r.counts.closedRings).toBe(1);
  });

  it('repairs a self-intersecting (bow-tie) perimeter and reports it', async () => {
    const bowTie: Geometry = { type: 'Polygon', coordinates: [[[2.47, 49.26], [2.48, 49.27], [2.48, 49.26], [2.47, 49.27], [2.47, 49.26]]] };
    const r = await readPerimeters(geojson([{ properties: { code_qp: 'QN06001M', lib_qp: 'A' }, geometry: bowTie }]));
    expect(r.records[0].geometry.type).toBe('MultiPolygon');
    expect(r.issues.find((i) => i.feature === 'QN06001M')!.message).toMatch(/auto-intersection/);
  });

  it('refuses the whole file, listing codes: missing code, duplicates, no geometry, points, unrepairable', async () => {
    const flat: Geometry = { type: 'Polygon', coordinates: [[[2.47, 49.26], [2.48, 49.27], [2.47, 49.26], [2.48, 49.27], [2.47, 49.26]]] }; // a there-and-back line
    const p = geojson([
      { properties: { code_qp: 'QN06001M', lib_qp: 'ok' }, geometry: sq() },
      { properties: { lib_qp: 'sans code' }, geometry: sq(0.01) },
      { properties: { code_qp: 'QN06001M', lib_qp: 'doublon' }, geometry: sq(0.02) },
      { properties: { code_qp: 'QN06002M', lib_qp: 'vide' }, geometry: null },
      { properties: { code_qp: 'QN06003M', lib_qp: 'point' }, geometry: { type: 'Point', coordinates: [2.47, 49.26] } },
      { properties: { code_qp: 'QN06004M', lib_qp: 'plat' }, geometry: flat },
      { properties: { code_qp: 'QN06005M', lib_qp: 'vide' }, geometry: { type: 'MultiPolygon', coordinates: [] } },
    ]);
    const e = await refusal(readPerimeters(p, { fileName: 'qpv.geojson' }));
    expect(e.message).toMatch(/^6 périmètre\(s\) refusé\(s\) dans qpv.geojson : #2, QN06001M, QN06002M, QN06003M, QN06004M, QN06005M/);
    const msg = (code: string) => e.details.find((d) => d.feature === code)!.message;
    expect(msg('#2')).toMatch(/sans code/);
    expect(msg('QN06001M')).toMatch(/en double \(entités #1 et #3\)/);
    expect(msg('QN06002M')).toMatch(/géométrie absente/);
    expect(msg('QN06003M')).toMatch(/non surfacique \(Point\)/);
    expect(msg('QN06004M')).toMatch(/irréparable/);
    expect(msg('QN06005M')).toMatch(/géométrie vide/);
  });
});
