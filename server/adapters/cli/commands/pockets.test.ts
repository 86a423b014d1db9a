import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { pocketsOutput, register } from './pockets.ts';
import { CliError } from '../context.ts';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { initGeos } from '../../../domain/geometry/geos.ts';
import type { Workspace } from '../../../app/workspace.ts';
import { loadOise } from '../../../../test/fixtures/pocketsOise.ts';

let ws: Workspace;
beforeAll(async () => {
  await initGeos();
  const oise = await loadOise();
  ws = createWorkspace({ perimeters: [oise.perimeters], cells: [oise.cells], communes: [oise.communes] });
});

describe('qpv-atlas pockets', () => {
  it('registers its options with commander (kebab-case → the parameter names)', () => {
    const program = new Command();
    register(program);
    const cmd = program.commands.find((c) => c.name() === 'pockets')!;
    const names = cmd.options.map((o) => o.attributeName());
    for (const n of ['communes', 'povertyRate', 'relativeRate', 'maxLivingStandard', 'minPopulation', 'minHouseholds', 'neighbourhood', 'qpvShare', 'rankBy', 'format', 'dataDir']) {
      expect(names).toContain(n);
    }
  });

  it('prints the Compiègne pockets as JSON, ranked, with the legend', async () => {
    const out = JSON.parse(await pocketsOutput(ws, { communes: '60159' }));
    expect(out.legend).toMatch(/^Poches de pauvreté : carreaux hors QPV/);
    expect(out.pockets.features.length).toBeGreaterThan(0);
    expect(out.pockets.features.every((f: any) => f.properties.communes.includes('60159'))).toBe(true);
    expect(out.pockets.features[0].properties.rank).toBe(1);
  });

  it('prints CSV (BOM, ";" and decimal comma) and GeoJSON, with parameters from options', async () => {
    const csv = await pocketsOutput(ws, { communes: '60175,60463', format: 'csv', minPopulation: '300', neighbourhood: '4' });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).trim().split('\r\n');
    expect(rows[0].startsWith('rang;nb_carreaux;population')).toBe(true);
    const pop = rows.slice(1).map((r) => Number(r.split(';')[2].replace(',', '.')));
    expect(pop.length).toBeGreaterThan(0);
    expect(pop.every((p) => p >= 300)).toBe(true);
    const gj = JSON.parse(await pocketsOutput(ws, { communes: '60175', format: 'geojson', povertyRate: '35%' }));
    expect(gj.type).toBe('FeatureCollection');
    expect(gj.provenance.parameters.povertyRate).toBe(0.35);
  });

  it('reads a drawn study area from a GeoJSON file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pockets-'));
    const file = join(dir, 'zone.geojson');
    writeFileSync(file, JSON.stringify({ type: 'Polygon', coordinates: [[[2.80, 49.40], [2.86, 49.40], [2.86, 49.44], [2.80, 49.44], [2.80, 49.40]]] }));
    const out = JSON.parse(await pocketsOutput(ws, { polygon: file }));
    expect(out.provenance.parameters.studyArea.polygon).toBe(true);
  });

  it('turns bad input into CliError with a French message', async () => {
    await expect(pocketsOutput(ws, { communes: '99999' })).rejects.toThrow(CliError);
    await expect(pocketsOutput(ws, { communes: '99999' })).rejects.toThrow(/99999/);
    await expect(pocketsOutput(ws, { communes: '60175', format: 'xml' })).rejects.toThrow(/--format/);
    await expect(pocketsOutput(ws, { communes: '60175', minHouseholds: '3' })).rejects.toThrow(/secret statistique/);
    await expect(pocketsOutput(ws, { polygon: '/nonexistent.geojson' })).rejects.toThrow(/--polygon/);
  });
});
