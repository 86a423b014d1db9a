import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { zipSync } from 'fflate';
import type { Polygon, Position } from 'geojson';
import { resolveSharedDataDir } from '../../config.ts';
import { PRJ_LAMBERT93, PRJ_WGS84, writeShapefile, type ShapefileSpec } from '../../../test/fixtures/shapefileWriter.ts';
import { buildZip } from '../../../test/fixtures/zipBuilder.ts';
import { refusal, tempFolder } from '../../../test/support/formatFixtures.ts';
import { sevenZip } from './archive.ts';
import { encodingFromCpg, epsgFromWkt, readVectorFile } from './vectorSource.ts';
import { writeWkb } from './wkb.ts';

const { dir } = tempFolder('qpv-vector-test-');
const data = resolveSharedDataDir();

/** A 100 m square in Lambert-93 near Creil (x 650 000, y 6 860 000 ≈ 2.32°E 48.84°N). */
const l93Square = (dx = 0): Polygon => ({
  type: 'Polygon',
  coordinates: [[[650000 + dx, 6860000], [650100 + dx, 6860000], [650100 + dx, 6860100], [650000 + dx, 6860100], [650000 + dx, 6860000]]],
});

function shp(d: string, over: Partial<ShapefileSpec> = {}): string {
  return writeShapefile({
    basePath: join(d, 'QP_TEST'),
    fields: [{ name: 'CODE_QP', type: 'C', length: 8 }, { name: 'NOM_QP', type: 'C', length: 40 }, { name: 'POP', type: 'N', length: 8 }],
    features: [{ properties: { CODE_QP: 'QP042001', NOM_QP: 'Saint-Étienne Montreynaud', POP: 5120 }, geometry: l93Square() }],
    prj: PRJ_LAMBERT93,
    ...over,
  });
}

const firstPoint = (g: any): Position => (g.type === 'Polygon' ? g.coordinates[0][0] : g.coordinates[0][0][0]);

describe('GeoJSON', () => {
  it('reads the real 2024 seed territories (34 features, lon/lat, no crs member)', async () => {
    const r = await readVectorFile(join(data, 'qpv2024-anct', 'qpv2024_seed_territories.geojson'), {});
    expect(r.features).toHaveLength(34);
    expect(r.sourceCrs).toBe(4326);
    expect(r.issues).toEqual([]);
    expect(r.features[5].index).toBe(5);
    expect(r.features.every((f) => /^QN\d{5}[A-Z]$/.test(String(f.properties.code_qp)))).toBe(true);
  });

  it('reprojects a GeoJSON whose legacy crs member says EPSG:2154 (urn form)', async () => {
    const p = join(dir(), 'l93.geojson');
    writeFileSync(p, JSON.stringify({
      type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
      features: [{ type: 'Feature', properties: { code_qp: 'QN06007M' }, geometry: l93Square() }],
    }));
    const r = await readVectorFile(p, {});
    expect(r.sourceCrs).toBe(2154);
    const [lon, lat] = firstPoint(r.features[0].geometry);
    expect(lon).toBeCloseTo(2.3188, 3);
    expect(lat).toBeCloseTo(48.8381, 3);
  });

  it('refuses Lambert-93 numbers posing as WGS84, saying what to do', async () => {
    const p = join(dir(), 'bad.geojson');
    writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: l93Square() }] }));
    const e = await refusal(readVectorFile(p, { fileName: 'qpv.geojson' }));
    expect(e.message).toContain('les coordonnées ressemblent à du Lambert-93 (EPSG:2154) : indiquez --crs 2154 ou corrigez le membre crs');
    expect(e.message).toContain('qpv.geojson');
    // and --crs fixes it
    const r = await readVectorFile(p, { crs: 2154 });
    expect(firstPoint(r.features[0].geometry)[1]).toBeCloseTo(48.838, 2);
  });

  it('reads an upload stored without extension, by its original file name', async () => {
    const p = join(dir(), 'upload-3f2a9c');
    writeFileSync(p, readFileSync(join(data, 'qpv2024-anct', 'qpv2024_valenciennes_extract.geojson')));
    const r = await readVectorFile(p, { fileName: 'qpv2024_valenciennes_extract.geojson' });
    expect(r.features).toHaveLength(3);
    await expect(readVectorFile(p, { fileName: 'upload.bin' })).rejects.toThrow(/Format non pris en charge : upload.bin/);
  });

  it('refuses malformed JSON, unknown crs members and non-GeoJSON', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.geojson'), '{"type": "FeatureCollection", "features": [');
    writeFileSync(join(d, 'b.geojson'), JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:9999' } }, features: [] }));
    writeFileSync(join(d, 'c.json'), JSON.stringify({ hello: 'world' }));
    expect((await refusal(readVectorFile(join(d, 'a.geojson')))).message).toMatch(/GeoJSON illisible/);
    expect((await refusal(readVectorFile(join(d, 'b.geojson')))).message).toMatch(/Membre crs non reconnu/);
    expect((await refusal(readVectorFile(join(d, 'c.json')))).message).toMatch(/n'est pas un GeoJSON/);
  });
});

describe('shapefile', () => {
  it('reads Lambert-93 with an ESRI .prj, Latin-1 DBF without .cpg: « Saint-Étienne » intact', async () => {
    const r = await readVectorFile(shp(dir()), {});
    expect(r.sourceCrs).toBe(2154);
    expect(r.layerName).toBe('QP_TEST');
    expect(r.features[0].properties).toEqual({ CODE_QP: 'QP042001', NOM_QP: 'Saint-Étienne Montreynaud', POP: 5120 });
    expect(firstPoint(r.features[0].geometry)[0]).toBeCloseTo(2.3188, 3);
  });

  it.each([
    ['utf-8', 'UTF-8'], ['utf-8', undefined], ['latin1', '1252'], ['latin1', 'ISO-8859-1'], ['latin1', undefined],
  ] as const)('decodes a %s DBF with .cpg %s', async (encoding, cpg) => {
    const r = await readVectorFile(shp(dir(), { encoding, cpg }), {});
    expect(r.features[0].properties.NOM_QP).toBe('Saint-Étienne Montreynaud');
  });

  it('maps .cpg labels to decoder encodings', () => {
    expect(encodingFromCpg('UTF-8\r\n')).toBe('utf-8');
    expect(encodingFromCpg('65001')).toBe('utf-8');
    expect(encodingFromCpg('ANSI 1252')).toBe('windows-1252');
    expect(encodingFromCpg('88591')).toBe('iso-8859-1');
    expect(encodingFromCpg('no-such-encoding')).toBeNull();
  });

  it('guesses Lambert-93 without .prj, with a warning', async () => {
    const r = await readVectorFile(shp(dir(), { prj: undefined }), {});
    expect(r.sourceCrs).toBe(2154);
    expect(r.issues.map((i) => i.message).join()).toMatch(/\.prj absent : système Lambert-93 \(EPSG:2154\) déduit/);
  });

  it('guesses WGS84 without .prj from degree ranges, and refuses ambiguous numbers', async () => {
    const deg: Polygon = { type: 'Polygon', coordinates: [[[2.3, 48.8], [2.31, 48.8], [2.31, 48.81], [2.3, 48.8]]] };
    const r = await readVectorFile(shp(dir(), { prj: undefined, features: [{ properties: { CODE_QP: 'QP075001' }, geometry: deg }] }), {});
    expect(r.sourceCrs).toBe(4326);
    const utm: Polygon = { type: 'Polygon', coordinates: [[[700000, 1620000], [700100, 1620000], [700100, 1620100], [700000, 1620000]]] };
    const e = await refusal(readVectorFile(shp(dir(), { prj: undefined, features: [{ properties: { CODE_QP: 'QN97201N' }, geometry: utm }] }), {}));
    expect(e.message).toMatch(/\.prj absent et système de coordonnées impossible à déduire/);
    expect(e.details[0].message).toMatch(/--crs/);
    // an explicit CRS wins over everything
    const ok = await readVectorFile(shp(dir(), { prj: PRJ_WGS84, features: [{ properties: {}, geometry: utm }] }), { crs: 5490 });
    expect(firstPoint(ok.features[0].geometry)[0]).toBeCloseTo(-61.1, 0);
  });

  it('refuses a .prj that contradicts the coordinates', async () => {
    const e = await refusal(readVectorFile(shp(dir(), { prj: PRJ_WGS84 }), { fileName: 'QP.shp' }));
    expect(e.message).toContain('ressemblent à du Lambert-93 (EPSG:2154) : indiquez --crs 2154 ou corrigez le fichier .prj');
  });

  it('keeps null geometries as null', async () => {
    const r = await readVectorFile(shp(dir(), { features: [{ properties: { CODE_QP: 'QP1' }, geometry: null }, { properties: { CODE_QP: 'QP2' }, geometry: l93Square() }] }), {});
    expect(r.features.map((f) => f.geometry === null)).toEqual([true, false]);
  });
});

describe('.prj recognition', () => {
  it('maps ESRI, OGC and renamed Lambert-93 definitions to 2154', () => {
    expect(epsgFromWkt(PRJ_LAMBERT93)).toBe(2154);
    const ogc = 'PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1],AUTHORITY["EPSG","2154"]]';
    expect(epsgFromWkt(ogc)).toBe(2154);
    expect(epsgFromWkt(PRJ_LAMBERT93.replace('RGF_1993_Lambert_93', 'Projection_maison'))).toBe(2154);
    expect(epsgFromWkt(PRJ_WGS84)).toBe(4326);
    expect(epsgFromWkt(PRJ_LAMBERT93.replace('RGF_1993_Lambert_93', 'Autre').replace('700000.0', '500000.0'))).toBeNull();
  });
});

describe('archives', () => {
  it('finds a shapefile in a sub-folder of a zip', async () => {
    const d = dir();
    shp(join(d, 'src'), { encoding: 'utf-8', cpg: 'UTF-8' });
    const files: Record<string, Uint8Array> = {};
    for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) files[`QPV_2015/shapefile/QP_TEST.${ext}`] = readFileSync(join(d, 'src', `QP_TEST.${ext}`));
    files['QPV_2015/LISEZMOI.txt'] = new TextEncoder().encode('ANCT');
    files['__MACOSX/QPV_2015/shapefile/._QP_TEST.shp'] = new Uint8Array([0, 5, 22, 7]);
    const p = join(d, 'qpv.zip');
    writeFileSync(p, zipSync(files));
    const r = await readVectorFile(p, {});
    expect(r.features[0].properties.NOM_QP).toBe('Saint-Étienne Montreynaud');
    expect(r.sourceCrs).toBe(2154);
  });

  it('refuses a zip holding two shapefiles, listing them, unless a layer is named', async () => {
    const d = dir();
    shp(join(d, 'a'));
    const files: Record<string, Uint8Array> = {};
    for (const ext of ['shp', 'shx', 'dbf', 'prj']) {
      files[`metropole/QP_METROPOLE.${ext}`] = readFileSync(join(d, 'a', `QP_TEST.${ext}`));
      files[`outremer/QP_OUTREMER.${ext}`] = readFileSync(join(d, 'a', `QP_TEST.${ext}`));
    }
    const p = join(d, 'two.zip');
    writeFileSync(p, zipSync(files));
    const e = await refusal(readVectorFile(p, {}));
    expect(e.message).toContain('metropole/QP_METROPOLE.shp');
    expect(e.message).toContain('outremer/QP_OUTREMER.shp');
    expect((await readVectorFile(p, { layer: 'QP_METROPOLE' })).features).toHaveLength(1);
  });

  it('refuses a zip with a ../ entry, naming it', async () => {
    const p = join(dir(), 'evil.zip');
    writeFileSync(p, buildZip([{ name: '../../QP.geojson', data: '{}' }]));
    expect((await refusal(readVectorFile(p, {}))).message).toContain('../../QP.geojson');
  });

  it('reads a GeoJSON inside a .7z', async () => {
    const d = dir();
    writeFileSync(join(d, 'qp.geojson'), readFileSync(join(data, 'qpv2015-les-emplois-testfixtures', 'qpv2015_les_emplois_3qpv.geojson')));
    execFileSync(sevenZip(), ['a', join(d, 'qp.7z'), 'qp.geojson'], { cwd: d });
    const r = await readVectorFile(join(d, 'qp.7z'), {});
    expect(r.features).toHaveLength(3);
  });
});

describe('GeoPackage', () => {
  function gpkgBlob(srsId: number, g: any): Buffer {
    const h = Buffer.alloc(8);
    h.write('GP', 0, 'latin1');
    h.writeUInt8(0, 2);
    h.writeUInt8(0b0000_0011, 3); // little-endian header, 32-byte envelope
    h.writeInt32LE(srsId, 4);
    const env = Buffer.alloc(32);
    return Buffer.concat([h, env, Buffer.from(writeWkb(g))]);
  }

  function writeGpkg(p: string, srs: { id: number; org: string; code: number; wkt: string }, rows: { code: string; nom: string; g: any }[]): void {
    const db = new Database(p);
    db.exec(`
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER);
      CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
      CREATE TABLE qp (fid INTEGER PRIMARY KEY, geom BLOB, code_qp TEXT, lib_qp TEXT);`);
    db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, NULL)').run('srs', srs.id, srs.org, srs.code, srs.wkt);
    db.prepare("INSERT INTO gpkg_contents VALUES ('qp', 'features', 'qp', ?)").run(srs.id);
    db.prepare("INSERT INTO gpkg_geometry_columns VALUES ('qp', 'geom', 'MULTIPOLYGON', ?, 0, 0)").run(srs.id);
    const ins = db.prepare('INSERT INTO qp (geom, code_qp, lib_qp) VALUES (?, ?, ?)');
    for (const r of rows) ins.run(r.g ? gpkgBlob(srs.id, r.g) : null, r.code, r.nom);
    db.close();
  }

  it('reads a GeoPackage in Lambert-93 (GP header + WKB), reprojecting to lon/lat', async () => {
    const p = join(dir(), 'qp.gpkg');
    const multi = { type: 'MultiPolygon', coordinates: [l93Square().coordinates, l93Square(500).coordinates] };
    writeGpkg(p, { id: 2154, org: 'EPSG', code: 2154, wkt: PRJ_LAMBERT93 }, [
      { code: 'QN06007M', nom: 'Les Hauts de Creil', g: multi },
      { code: 'QN06008M', nom: 'Vide', g: null },
    ]);
    const r = await readVectorFile(p, {});
    expect(r.sourceCrs).toBe(2154);
    expect(r.layerName).toBe('qp');
    expect(r.features).toHaveLength(2);
    expect(r.features[0].properties).toEqual({ fid: 1, code_qp: 'QN06007M', lib_qp: 'Les Hauts de Creil' });
    expect(r.features[0].geometry!.type).toBe('MultiPolygon');
    expect(firstPoint(r.features[0].geometry)[0]).toBeCloseTo(2.3188, 3);
    expect(r.features[1].geometry).toBeNull();
  });

  it('falls back to the WKT of a non-EPSG srs, and refuses a non-GeoPackage SQLite file', async () => {
    const p = join(dir(), 'custom.gpkg');
    writeGpkg(p, { id: 100000, org: 'NONE', code: 100000, wkt: PRJ_LAMBERT93.replace('RGF_1993_Lambert_93', 'Maison') }, [{ code: 'QN1', nom: 'x', g: l93Square() }]);
    expect((await readVectorFile(p, {})).sourceCrs).toBe(2154);
    const q = join(dir(), 'plain.gpkg');
    const db = new Database(q);
    db.exec('CREATE TABLE t (a)');
    db.close();
    expect((await refusal(readVectorFile(q, {}))).message).toMatch(/n'est pas un GeoPackage/);
  });
});
