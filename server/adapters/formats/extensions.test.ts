import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { IngestError } from '../../domain/model.ts';
import { PRJ_LAMBERT93, writeShapefile } from '../../../test/fixtures/shapefileWriter.ts';
import { tempFolder } from '../../../test/support/formatFixtures.ts';
import { changeOf, readExtensions } from './extensions.ts';

const { root, next } = tempFolder('qpv-extensions-test-');
const sq = (dx = 0): Geometry => ({ type: 'Polygon', coordinates: [[[2.47 + dx, 49.26], [2.4714 + dx, 49.26], [2.4714 + dx, 49.2609], [2.47 + dx, 49.26]]] });
function geojson(features: { properties: Record<string, unknown>; geometry: Geometry | null }[]): string {
  const p = `${next('e')}.geojson`;
  writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) }));
  return p;
}

describe('readExtensions', () => {
  it('reads drawn extensions and reductions with their QPV code, label and generation from the code', async () => {
    const r = await readExtensions(geojson([
      { properties: { code_qp: 'QN06019N', type: 'Extension', libelle: 'Centre commercial et deux écoles' }, geometry: sq() },
      { properties: { code_qp: 'qn06019n', nature: 'Réduction', libelle: 'Zone d’activités' }, geometry: sq(0.01) },
    ]));
    expect(r.records.map((e) => [e.code, e.change, e.label, e.generation])).toEqual([
      ['QN06019N', 'extension', 'Centre commercial et deux écoles', '2024'],
      ['QN06019N', 'reduction', 'Zone d’activités', '2024'],
    ]);
    expect(r.counts).toMatchObject({ features: 2, extensions: 1, reductions: 1 });
  });

  it('takes the code from the option when the file has none, in a Lambert-93 shapefile', async () => {
    const l93: Geometry = { type: 'Polygon', coordinates: [[[650000, 6860000], [650100, 6860000], [650100, 6860100], [650000, 6860000]]] };
    const p = writeShapefile({ basePath: join(root, 'ext', 'extension'), fields: [{ name: 'NOM', type: 'C', length: 30 }], features: [{ properties: { NOM: 'Gymnase' }, geometry: l93 }], prj: PRJ_LAMBERT93 });
    const r = await readExtensions(p, { code: 'QN06007M' });
    expect(r.records[0]).toMatchObject({ code: 'QN06007M', change: 'extension', label: 'Gymnase', generation: '2024' });
    expect(r.sourceCrs).toBe(2154);
  });

  it('refuses features without code or without polygon, and warns on unknown change types', async () => {
    await expect(readExtensions(geojson([{ properties: { type: 'extension' }, geometry: sq() }]))).rejects.toThrow(IngestError);
    await expect(readExtensions(geojson([{ properties: { code_qp: 'QN1' }, geometry: { type: 'Point', coordinates: [2.47, 49.26] } }]))).rejects.toThrow(/non surfacique/);
    const r = await readExtensions(geojson([{ properties: { code_qp: 'QN06001M', type: 'modifiée' }, geometry: sq() }]));
    expect(r.issues[0].message).toMatch(/type « modifiée » non reconnu/);
  });

  it('classifies change words', () => {
    expect(changeOf('REDUCTION')).toBe('reduction');
    expect(changeOf('retrait du périmètre')).toBe('reduction');
    expect(changeOf('ajout')).toBe('extension');
    expect(changeOf('autre')).toBeNull();
  });
});
