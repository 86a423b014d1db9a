import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { dataRouter } from './data.ts';
import { perimeterL93, squareL93, X0, Y0 } from '../../../domain/testFixtures/squares.ts';
import { getJson, ref, serve } from '../../../../test/support/h7Api.ts';

// Two départements' extracts of the same generation and version: the workspace merges them into one set.
const ws = createWorkspace({
  perimeters: [
    { ref: ref('qpv2024-60', 'perimeters', { generation: '2024' }), perimeters: [{ ...perimeterL93('QN06091M', squareL93(X0, Y0, 1000)), generation: '2024' }] },
    { ref: ref('qpv2024-93', 'perimeters', { generation: '2024' }), perimeters: [{ ...perimeterL93('QN09301I', squareL93(X0 + 5000, Y0, 1000)), generation: '2024' }] },
  ],
});
let api: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => { api = await serve(ws, [dataRouter]); });
afterAll(() => api.close());

describe('provenance of perimeters read from a set merged from several extracts', () => {
  it('lists every extract of the set for /perimeters', async () => {
    const { status, body } = await getJson(`${api.base}/perimeters?generation=2024`);
    expect(status).toBe(200);
    expect(body.features).toHaveLength(2);
    expect(body.provenance.datasets.map((d: { id: string }) => d.id)).toEqual(['qpv2024-60', 'qpv2024-93']);
  });

  it('names the extract a perimeter came from for /perimeters/:code, not an empty list', async () => {
    const { status, body } = await getJson(`${api.base}/perimeters/QN09301I`);
    expect(status).toBe(200);
    expect(body.provenance.datasets.map((d: { id: string }) => d.id)).toEqual(['qpv2024-93']);
  });
});
