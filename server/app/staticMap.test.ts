import { beforeAll, describe, expect, it } from 'vitest';
import { buildStaticMap, MapRequestError } from './staticMap.ts';
import { mapRequestFromStrings } from './mapRequest.ts';
import { createWorkspace } from './memoryWorkspace.ts';
import type { Workspace } from './workspace.ts';
import { planarArea } from '../domain/arealWeights.ts';
import { projectPolygonal } from '../domain/project.ts';
import { mapsWorkspace } from '../../test/fixtures/mapsWorkspace.ts';

let ws: Workspace;
beforeAll(async () => { ws = await mapsWorkspace(); }, 60_000);

const vecuMap = (clip?: string) =>
  buildStaticMap(ws, { ...mapRequestFromStrings({ layers: 'p2024,vecu', vecu: '1000', vecuClip: clip }, []), qpv: 'QN06001M', date: new Date('2026-11-21') });
const bandM2 = (m: Awaited<ReturnType<typeof vecuMap>>) => m.data.vecu!.bands.reduce((s, b) => s + planarArea(projectPolygonal(b, 4326, 2154)), 0);

describe('static maps: quartier vécu clip', () => {
  it('reads vecuClip none | communes | epci and refuses anything else naming the parameter', () => {
    expect(mapRequestFromStrings({ vecuClip: 'communes' }, []).vecuClip).toBe('communes');
    expect(mapRequestFromStrings({}, []).vecuClip).toBeUndefined();
    expect(() => mapRequestFromStrings({ vecuClip: 'region' }, [])).toThrow(/Paramètre « vecuClip » invalide : « region » \(valeurs possibles : none, communes, epci\)/);
  });

  it('clips the 1 km band to the QPV\'s commune, says so in the legend sentence and cites the commune outlines', async () => {
    const free = await vecuMap();
    const clipped = await vecuMap('communes');
    expect(free.data.vecu!.sentence).toBe('Quartier vécu : bande de 1 000 m autour du périmètre 2024 (version 2024-08-20)');
    expect(clipped.data.vecu!.sentence).toBe('Quartier vécu : bande de 1 000 m autour du périmètre 2024 (version 2024-08-20), limitée à la commune');
    expect(bandM2(clipped)).toBeLessThan(bandM2(free) * 0.95); // Creil's band reaches into Nogent, Montataire...
    expect(clipped.provenance.datasets.map((d) => d.label)).toContain('IGN, Admin Express COG 2018');
    expect(free.provenance.datasets.map((d) => d.label)).not.toContain('IGN, Admin Express COG 2018');
    expect(clipped.provenance.parameters).toMatchObject({ vecu: 1000, vecuClip: 'communes' });
  });

  it('a clip the data cannot do (no commune outlines) is a 422 naming vecuClip', async () => {
    const bare = createWorkspace({ perimeters: [{ ref: ws.perimeterSet('2024')!.ref, perimeters: ws.perimeterSet('2024')!.items }] });
    const e = await buildStaticMap(bare, { layers: ['vecu'], qpv: 'QN06001M', vecuClip: 'communes' }).catch((x) => x);
    expect(e).toBeInstanceOf(MapRequestError);
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/contours des communes/);
    expect(e.details).toMatchObject({ parameter: 'vecuClip' });
  });
});
