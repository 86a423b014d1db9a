import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { Store } from '../../store/store.ts';
import { ingestFile } from '../../../app/ingest.ts';
import { resolveSharedDataDir } from '../../../config.ts';
import { CliError } from '../context.ts';
import { register } from './maps.ts';

// A real store on a temp dir with the Oise QPVs and communes (no cells: the map must still be drawn).
const dir = mkdtempSync(join(tmpdir(), 'qpv-maps-cli-'));
beforeAll(async () => {
  const store = Store.open(dir);
  try {
    const shared = resolveSharedDataDir();
    await ingestFile(store, join(shared, 'qpv2024-anct/qpv2024_seed_territories.geojson'), { kind: 'perimeters', generation: '2024', version: '2024-08-20' });
    await ingestFile(store, join(shared, 'communes-france-geojson/communes-60-oise.geojson'), { kind: 'communes', label: 'IGN, Admin Express COG 2018' });
  } finally {
    store.close();
  }
}, 60_000);

let out = '';
afterEach(() => { vi.restoreAllMocks(); out = ''; });

async function run(...args: string[]): Promise<void> {
  vi.spyOn(process.stdout, 'write').mockImplementation((s: any) => ((out += String(s)), true));
  const program = new Command('qpv-atlas').exitOverride();
  register(program);
  await program.parseAsync(['node', 'qpv-atlas', ...args, '--data-dir', dir]);
}

describe('qpv-atlas map', () => {
  it('writes the PDF of a QPV with its title and says what it wrote', async () => {
    const file = join(dir, 'creil.pdf');
    await run('map', '--qpv', 'QN06001M', '--format', 'pdf', '--out', file, '--layers', 'p2024,communes,vecu');
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).toContain('Les Hauts de Creil (QN06001M)');
    expect(out).toContain('Les Hauts de Creil (QN06001M) (PDF, A4 paysage)');
    expect(out).toContain('IGN, Admin Express COG 2018');
  });

  it('writes an SVG of a bbox and refuses bad options in French', async () => {
    const file = join(dir, 'view.svg');
    await run('map', '--bbox', '2.455,49.245,2.49,49.27', '--format', 'svg', '--out', file, '--title', 'Creil');
    expect(readFileSync(file, 'utf8')).toContain('Limite de commune');
    await expect(run('map', '--qpv', 'QN06001M', '--out', join(dir, 'x.pdf'), '--layers', 'routes')).rejects.toThrow(/« layers »/);
    await expect(run('map', '--qpv', 'QN99999X', '--out', join(dir, 'y.pdf'))).rejects.toThrow(CliError);
    await expect(run('map', '--out', join(dir, 'z.pdf'))).rejects.toThrow(/--qpv CODE ou --bbox/);
    expect(existsSync(join(dir, 'y.pdf'))).toBe(false);
  });
});

describe('qpv-atlas map: quartier vécu clip and pocket parameters', () => {
  const legendText = (svg: string) => svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('clips the band with --vecu-clip and says so in the legend; refuses an unknown clip', async () => {
    const file = join(dir, 'clip.svg');
    await run('map', '--qpv', 'QN06001M', '--format', 'svg', '--out', file, '--layers', 'p2024,vecu', '--vecu', '500', '--vecu-clip', 'communes');
    expect(legendText(readFileSync(file, 'utf8'))).toMatch(/bande de 500 m autour du périmètre 2024 \(version 2024-08-20\), limitée à la commune/);
    await expect(run('map', '--qpv', 'QN06001M', '--out', join(dir, 'c.svg'), '--format', 'svg', '--vecu-clip', 'region')).rejects.toThrow(/« vecuClip » invalide/);
  });

  it('reads every pocket parameter of `qpv-atlas pockets`, with its checks', async () => {
    // The store has no cells: the parameters are refused before any pocket is searched.
    await expect(run('map', '--qpv', 'QN06001M', '--out', join(dir, 'p.svg'), '--layers', 'pockets', '--min-households', '3')).rejects.toThrow(/secret statistique/);
    await expect(run('map', '--qpv', 'QN06001M', '--out', join(dir, 'p.svg'), '--layers', 'pockets', '--neighbourhood', '6')).rejects.toThrow('neighbourhood doit valoir 4 ou 8 (reçu : 6).');
    await expect(run('atlas', '--communes', '60175', '--out', join(dir, 'p.pdf'), '--rank-by', 'surface')).rejects.toThrow(/rankBy doit valoir .* \(reçu : surface\)/);
    const help = new Command('qpv-atlas');
    register(help);
    const flags = help.commands.find((c) => c.name() === 'map')!.options.map((o) => o.long);
    for (const f of ['--poverty-rate', '--relative-rate', '--max-living-standard', '--relative-living-standard', '--combine', '--min-cell-households', '--neighbourhood', '--min-households', '--min-population', '--min-cells', '--qpv-share', '--study-area-share', '--rank-by', '--vecu-clip']) {
      expect(flags).toContain(f);
    }
  });
});

describe('qpv-atlas atlas', () => {
  it('writes one page per QPV of the communes', async () => {
    const file = join(dir, 'atlas.pdf');
    await run('atlas', '--communes', '60175,60414', '--out', file, '--layers', 'p2024,communes');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(out).toMatch(new RegExp(`${pages} pages \\(QN06`));
    expect(pages).toBeGreaterThan(1);
    await expect(run('atlas', '--out', file)).rejects.toThrow(/--communes/);
  });
});
