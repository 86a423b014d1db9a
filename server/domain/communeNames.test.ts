import { describe, expect, it } from 'vitest';
import { communeCodesFromNames, foldPlaceName } from './communeNames.ts';
import type { Commune } from './model.ts';

const c = (code: string, name: string, departement: string): Commune => ({ code, name, departement, epci: null, geometry: { type: 'Polygon', coordinates: [] } });
const communes = [c('93001', 'Aubervilliers', '93'), c('93027', 'Courneuve', '93'), c('93066', 'Saint-Denis', '93'), c('97411', 'Saint-Denis', '974'), c('60175', 'Creil', '60')];

describe('communeCodesFromNames', () => {
  it('resolves several names within the département, whatever the accents and separators', () => {
    // the outline file says "Courneuve", the ANCT file "La Courneuve"
    expect(communeCodesFromNames('Aubervilliers, La Courneuve, St-Denis', '93', communes)).toEqual({ codes: ['93001', '93027', '93066'], unknown: [] });
  });
  it('keeps homonyms of other départements apart and reports unknown names', () => {
    expect(communeCodesFromNames('Saint-Denis / Stains', '974', communes)).toEqual({ codes: ['97411'], unknown: ['Stains'] });
  });
  it('refuses to guess between homonyms when the département is unknown', () => {
    expect(communeCodesFromNames('Saint-Denis', null, communes).unknown).toEqual(['Saint-Denis']);
  });
  it('folds names', () => {
    expect(foldPlaceName("Saint-Étienne-du-Rouvray")).toBe(foldPlaceName('ST ETIENNE DU ROUVRAY'));
  });
});
