import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSharedDataDir } from '../../config.ts';
import { detectFacilityFormat, readFacilities } from './facilities.ts';

const EXTRACT = join(resolveSharedDataDir(), 'colleges-geoloc-men-2024', 'colleges_dep59_60_71_93.csv');
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'qpv-fac-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
async function fixture(name: string, text: string | Buffer): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

describe('readFacilities', () => {
  it('detects the Éducation nationale list and reads it, with progress in bytes', async () => {
    const progress: number[] = [];
    const r = await readFacilities(EXTRACT, { onProgress: (d) => progress.push(d) });
    expect(r.format).toBe('schools');
    expect(r.records).toHaveLength(608);
    expect(progress.at(-1)).toBe(236445);
  });

  it('detects BPE from TYPEQU, whatever the case, separator or encoding', async () => {
    const latin1 = Buffer.concat([Buffer.from('typequ,depcom,nomrs,longitude,latitude\nD506,60175,Centre social Cr'), Buffer.from([0xe9]), Buffer.from('py,2.47,49.26\n')]);
    const p = await fixture('bpe-latin1.csv', latin1);
    expect(await detectFacilityFormat(p)).toEqual({ format: 'bpe', geojson: false });
    const r = await readFacilities(p);
    expect(r.format).toBe('bpe');
    expect(r.records[0]).toMatchObject({ type: 'D506', typeLabel: 'Centre social', name: 'Centre social Crépy' });
  });

  it('falls back to points for other CSV and for GeoJSON', async () => {
    const csv = await fixture('pts.csv', 'nom;lat;lon\nA;49.26;2.47\n');
    expect((await readFacilities(csv)).format).toBe('points');
    const gj = await fixture('pts.txt', ' {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"nom":"B"},"geometry":{"type":"Point","coordinates":[2.5,49.3]}}]}');
    expect(await detectFacilityFormat(gj)).toEqual({ format: 'points', geojson: true });
    expect((await readFacilities(gj)).records[0]).toMatchObject({ name: 'B', lon: 2.5, lat: 49.3, type: 'user' });
  });

  it('lets the caller force a format', async () => {
    const p = await fixture('uai-as-points.csv', 'numero_uai;nom;lon;lat\n0600001A;X;2.47;49.26\n');
    expect((await detectFacilityFormat(p)).format).toBe('schools');
    const r = await readFacilities(p, { format: 'points', idColumn: 'numero_uai' });
    expect(r.format).toBe('points');
    expect(r.records[0].id).toBe('0600001A');
  });
});
