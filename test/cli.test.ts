// The qpv-atlas command line end to end: exit codes and specific messages on bad input, and the
// analyses answering on an ingested store.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.ts';
import { shared, tempDir } from './helpers.ts';

const dir = tempDir();
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/adapters/cli/main.ts'), ...args, '--data-dir', dir], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(() => {
  for (const [file, ...opts] of [
    ['communes-france-geojson/communes-93-seine-saint-denis.geojson', '--kind', 'communes'],
    ['communes-france-geojson/communes-60-oise.geojson', '--kind', 'communes'],
    ['qpv2024-anct/qpv2024_seed_territories.geojson', '--kind', 'perimeters'],
    ['filosofi2017-200m-oise/filosofi2017_200m_compiegne_creil.csv', '--kind', 'cells', '--vintage', '2017'],
    ['colleges-geoloc-men-2024/colleges_dep59_60_71_93.csv', '--kind', 'facilities'],
  ]) {
    const r = cli('ingest', shared(file), ...opts);
    if (r.code !== 0) throw new Error(`ingest ${file}: ${r.err}`);
  }
});

describe('bad input: a specific message and a non-zero exit code, nothing stored', () => {
  it('refuses Lambert-93 numbers in a GeoJSON that declares no CRS (so WGS84)', () => {
    const file = join(tempDir(), 'l93.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code_qp: 'QN06001M', lib_qp: 'Test' }, geometry: { type: 'Polygon', coordinates: [[[650000, 6860000], [650100, 6860000], [650100, 6860100], [650000, 6860000]]] } }] }));
    const r = cli('ingest', file, '--kind', 'perimeters', '--version', 'test');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Lambert-93/);
    expect(r.err).toMatch(/--crs 2154/);
  });

  it('refuses an unknown kind, a missing file, an unknown dataset and a second ingest of the same file', () => {
    expect(cli('ingest', 'x.csv', '--kind', 'zones')).toMatchObject({ code: 2 });
    const missing = cli('ingest', '/nonexistent/qp.geojson', '--kind', 'perimeters');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/introuvable/);
    expect(cli('remove', 'perimeters-nope').code).toBe(2);
    const twice = cli('ingest', shared('qpv2024-anct/qpv2024_seed_territories.geojson'), '--kind', 'perimeters');
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/déjà été importé/);
    expect(JSON.parse(cli('datasets', '--json').out)).toHaveLength(5);
  });
});

describe('catalogue and analyses', () => {
  it('resolves the commune names of 2015 perimeters against the stored communes', () => {
    const r = cli('ingest', shared('qpv2015-les-emplois-testfixtures/qpv2015_les_emplois_3qpv.geojson'), '--kind', 'perimeters', '--generation', '2015');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/QP075019/); // repaired (invalid as published), reported
    const one = JSON.parse(cli('datasets', '--json').out).find((d: { generation: string }) => d.generation === '2015');
    expect(one.counts.features).toBe(3);
  });

  it('answers indicators, pockets, quartier vécu and lookup on the ingested store', () => {
    const ind = cli('indicators', '--qpv', 'QN06001M', '--format', 'json');
    expect(ind.code, ind.err).toBe(0);
    expect(JSON.parse(ind.out).indicators.counts.ind).toBeGreaterThan(10_000);
    const pk = cli('pockets', '--communes', '60175,60463', '--format', 'csv');
    expect(pk.code, pk.err).toBe(0);
    expect(pk.out.charCodeAt(0)).toBe(0xfeff); // BOM for French Excel
    expect(pk.out.split('\n').length).toBeGreaterThan(2);
    const vecu = cli('vecu', '--qpv', 'QN06001M', '--distance', '300', '--format', 'json');
    expect(vecu.code, vecu.err).toBe(0);
    expect(JSON.parse(vecu.out).ruleText).toMatch(/300 m/);
    const look = cli('lookup', '--lon', '2.4905', '--lat', '49.2555');
    expect(look.code, look.err).toBe(0);
    expect(look.out).toMatch(/indicatif/i);
  });

  it('indicators of a quartier outside the loaded cells: "hors données" in the CSV and on stderr, not secret', () => {
    // Only Oise cells are loaded: Seine-Saint-Denis has no Filosofi data here.
    const r = cli('indicators', '--qpv', 'QN09301I', '--format', 'csv');
    expect(r.code, r.err).toBe(0);
    const [head, row] = r.out.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.split(';'));
    const col = (name: string) => row[head.indexOf(name)];
    expect(col('secret')).toBe('non');
    expect(col('hors_donnees')).toBe('oui');
    expect(col('couverture')).toBe('0');
    expect(r.err).toMatch(/attention : Hors données : zone hors de l’emprise des carreaux Filosofi chargés \(Filosofi 2017\)/);
  });

  it('app-level errors exit 2 with their message; a vintage not loaded is worded the same by every command', () => {
    const expected = 'Erreur : Millésime Filosofi « 2021 » non chargé (millésimes chargés : 2017).';
    for (const args of [['indicators', '--qpv', 'QN06001M'], ['compare', '--from', '2015', '--to', '2024'], ['pockets', '--communes', '60175']]) {
      const r = cli(...args, '--vintage', '2021');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0]).toBe(expected);
    }
  });

  it('does not call a 2024 quartier "new" where no 2015 perimeter of its région is loaded', () => {
    // 2015 is loaded for Île-de-France only (the les-emplois extract, ingested above)
    const fiche = cli('fiche', 'QN06001M');
    expect(fiche.code, fiche.err).toBe(0);
    expect(fiche.out).toMatch(/Aucun périmètre 2015 chargé en Hauts-de-France/);
    expect(fiche.out).not.toMatch(/Nouveau quartier/);
  });
});
