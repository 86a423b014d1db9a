import { describe, expect, it } from 'vitest';
import { exportUrl, iframeCode, pocketsUrl, query } from './api.ts';
import { DEFAULT_STATE } from './state.ts';

describe('API URLs', () => {
  it('builds the export URL from the state, in the map endpoint\'s vocabulary', () => {
    const s = { ...DEFAULT_STATE, layers: ['communes', 'qpv2024', 'cells', 'vecu'], vecu: 500, indicator: 'income', method: 'jenks' as const, selected: { code: 'QN03108M', generation: '2024' } };
    const url = exportUrl(s, [1.4, 43.55, 1.5, 43.65], { format: 'pdf', title: 'QPV de Toulouse', subtitle: 'Périmètres 2024', paper: 'A3', orientation: 'portrait' });
    const u = new URL(url, 'http://x');
    expect(u.pathname).toBe('/api/maps/view.pdf');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      bbox: '1.40000,43.55000,1.50000,43.65000', layers: 'communes,p2024,cells,vecu', generation: '2024',
      indicator: 'livingStandard', classes: 'jenks', title: 'QPV de Toulouse', subtitle: 'Périmètres 2024',
      paper: 'A3', orientation: 'portrait', vecu: '500', selected: 'QN03108M',
    });
  });
  it('passes the pocket parameters flat when pockets are shown, "off" for a disabled rate', () => {
    const s = { ...DEFAULT_STATE, layers: ['pockets'], pockets: { ...DEFAULT_STATE.pockets, povertyRate: null, maxLivingStandard: 15000 } };
    const u = new URL(exportUrl(s, [0, 0, 1, 1], { format: 'png', title: 't', subtitle: '', paper: 'A4', orientation: 'landscape' }), 'http://x');
    expect(u.searchParams.get('communes')).toBe('31555');
    expect(u.searchParams.get('povertyRate')).toBe('off');
    expect(u.searchParams.get('maxLivingStandard')).toBe('15000');
    expect(u.searchParams.has('indicator')).toBe(false);
  });
  it('builds the pockets URL with a download format', () => {
    expect(pocketsUrl({ ...DEFAULT_STATE.pockets, communes: '60175,60414', povertyRate: 27.5 }, '2017', 'csv'))
      .toBe('/api/pockets?communes=60175,60414&povertyRate=0.275&minHouseholds=11&minPopulation=200&neighbourhood=8&rankBy=poorHouseholds&vintage=2017&format=csv');
  });
  it('drops empty parameters', () => {
    expect(query({ a: '', b: null, c: 0, d: false })).toBe('c=0&d=0');
  });
  it('escapes the iframe src', () => {
    expect(iframeCode('https://atlas.example', 'c=1,2,3&l=qpv2024')).toContain('src="https://atlas.example/embed?c=1,2,3&amp;l=qpv2024"');
  });
});
