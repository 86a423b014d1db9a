import { beforeAll, describe, expect, it } from 'vitest';
import { ficheToMarkdown, frNumber, frPercent } from './fiche.ts';
import { quartierFiche } from '../../../app/fiche.ts';
import type { Workspace } from '../../../app/workspace.ts';
import { toulouseWorkspace } from '../../../../test/support/ficheWorkspace.ts';

let ws: Workspace;
beforeAll(async () => { ws = await toulouseWorkspace(); });

describe('qpv-atlas fiche --format md', () => {
  it('formats numbers the French way', () => {
    expect(frNumber(14327.4)).toBe('14 327');
    expect(frPercent(0.6314)).toBe('63,1 %');
    expect(frNumber(50.674, 2)).toBe('50,67');
  });

  it('prints a French portrait of a Toulouse quartier with its predecessor, figures and zones', async () => {
    const md = ficheToMarkdown(await quartierFiche(ws, 'QN03107M'));
    expect(md).toMatch(/^# Grand Mirail \(QN03107M\)\n/);
    expect(md).toContain('- Communes : Toulouse (31555)');
    expect(md).toMatch(/- Prédécesseur 2015 : Grand Mirail \(QP031007\) — \d{2,3},\d % de l’ancien et 8\d,\d % du nouveau en commun/);
    expect(md).toContain('- Évolution calculée sur la géométrie : étendu');
    expect(md).toMatch(/\*\*Périmètre 2024\*\* \(QN03107M, [\d ]+,\d ha, Filosofi 2017\) : 30 \d{3} habitants ; 11 \d{3} ménages ; taux de pauvreté \d\d,\d %/);
    expect(md).toContain('- Sortie : aucune');
    expect(md).toContain('  - Collège · Collège Stendhal (0311630D)');
    expect(md).toContain('Sources : ');
    expect(md).not.toMatch(/secret statistique|hors données/);
  });

  it('says "hors données", never "secret statistique", for a quartier outside the loaded cells', async () => {
    const md = ficheToMarkdown(await quartierFiche(ws, 'QP031003'));
    expect(md).toMatch(/\*\*Périmètre 2015\*\* \(QP031003, .*\) : hors données \(Zone hors de l’emprise des carreaux Filosofi chargés\)/);
    expect(md).toMatch(/- Entrée dans la géographie prioritaire : [\d ]+,\d\d ha — hors données/);
    expect(md).not.toMatch(/secret statistique/);
    expect(md).toContain('- Successeur 2024 : Cœur et quartier de Saint-Gaudens (QN03103M)');
  });

  it('flags partial figures of a quartier at the edge of the extract (Colomiers)', async () => {
    const md = ficheToMarkdown(await quartierFiche(ws, 'QN03116N'));
    expect(md).toMatch(/\*\*Périmètre 2024\*\* .* — chiffres partiels : 85,\d % de la zone dans l’emprise des carreaux/);
  });
});
