// Test support: the Toulouse workspace of the fiche tests, from the shared real extracts read in place.
import { createWorkspace } from '../../server/app/memoryWorkspace.ts';
import type { Workspace } from '../../server/app/workspace.ts';
import { readFilosofiCells } from '../../server/adapters/formats/filosofi.ts';
import { realColleges, realCommunes, realPerimeterSet, shared } from './h7RealData.ts';
import { ref } from './h7Api.ts';

const NATIONAL_COLLEGES = 'fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre_colleges_national.csv';
const s15 = realPerimeterSet('qpv2015-occitanie-hackaviz/qp.geojson', '2015');
const s24 = realPerimeterSet('qpv2024-anct/qpv2024_occitanie.geojson', '2024', '2024-08-20');

/** The Toulouse workspace; `generations` chooses which perimeter sets are loaded. */
export async function toulouseWorkspace(generations: ('2015' | '2024')[] = ['2015', '2024']): Promise<Workspace> {
  const cells = await readFilosofiCells(shared('filosofi2017-200m-toulouse', 'filosofi2017_200m_toulouse.csv'));
  return createWorkspace({
    perimeters: [
      ...(generations.includes('2015') ? [{ ref: ref('qpv2015', 'perimeters', { generation: '2015', label: 'CGET, QPV 2015' }), perimeters: s15.items }] : []),
      ...(generations.includes('2024') ? [{ ref: ref('qpv2024', 'perimeters', { generation: '2024', version: '2024-08-20', label: 'ANCT, QPV 2024' }), perimeters: s24.items }] : []),
    ],
    cells: [{ ref: ref('filosofi2017', 'cells', { vintage: '2017', label: 'INSEE, Filosofi 2017' }), vintage: '2017', grids: cells.grids }],
    facilities: [{ ref: ref('colleges', 'facilities', { label: 'Éducation nationale, collèges' }), items: realColleges(NATIONAL_COLLEGES) }],
    communes: [{ ref: ref('communes31', 'communes', { label: 'IGN, communes' }), items: realCommunes('communes-31-haute-garonne.geojson') }],
  });
}

