import { describe, expect, it } from 'vitest';
import { loadedVintages, vintageNotLoaded } from './vintages.ts';
import { createWorkspace } from './memoryWorkspace.ts';
import type { DatasetRef } from '../domain/model.ts';
import { fullGrid } from '../domain/__fixtures__/indicators/fixtures.ts';

const ref = (vintage: string): DatasetRef => ({ id: `cells${vintage}`, kind: 'cells', label: 'Carreaux', generation: null, version: null, vintage, sourceName: 'fixture' });
const grid = fullGrid(3760000, 2926000, 3760400, 2926400);

describe('vintageNotLoaded: one wording, listing what is loaded', () => {
  it('lists every vintage of the catalogue, oldest first', () => {
    const info = (vintage: string) => ({ ...ref(vintage), sha256: vintage, ingestedAt: '2026-01-01', crs: 'EPSG:3035', counts: {}, warnings: [], options: {} });
    const ws = createWorkspace({
      datasets: [info('2019'), info('2017')],
      cells: [{ ref: ref('2019'), vintage: '2019', grids: [grid] }, { ref: ref('2017'), vintage: '2017', grids: [grid] }],
    });
    expect(vintageNotLoaded(ws, '2021')).toEqual({
      message: 'Millésime Filosofi « 2021 » non chargé (millésimes chargés : 2017, 2019).',
      details: { vintage: '2021', loaded: ['2017', '2019'] },
    });
  });

  it('without a catalogue (a workspace built in memory), names the newest loaded vintage', () => {
    const ws = createWorkspace({ cells: [{ ref: ref('2019'), vintage: '2019', grids: [grid] }] });
    expect(loadedVintages(ws)).toEqual(['2019']);
  });

  it('says when no vintage is loaded at all', () => {
    expect(vintageNotLoaded(createWorkspace({}), '2017').message).toBe('Millésime Filosofi « 2017 » non chargé (aucun millésime chargé).');
  });
});
