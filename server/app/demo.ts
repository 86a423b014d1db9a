// The demo territory: ingests (once, idempotently) the files the manifest lists from the real extracts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../adapters/store/store.ts';
import { ingestFile, sha256File, type IngestOptions } from './ingest.ts';
import { PROJECT_ROOT } from '../config.ts';

export interface DemoManifest {
  name: string;
  view: { center: [number, number]; zoom: number };
  datasets: (Omit<IngestOptions, 'fileName' | 'replace'> & { file: string })[];
}

export const DEMO_MANIFEST_PATH = join(PROJECT_ROOT, 'data', 'demo.json');

/** Reads the demo manifest (data/demo.json). */
export function readDemoManifest(path = DEMO_MANIFEST_PATH): DemoManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as DemoManifest;
}

/** Error listing the demo files that are missing and how to bring official files instead. */
export class DemoDataMissing extends Error {
  constructor(public readonly missing: string[], sharedDir: string) {
    super(
      `Données de démonstration introuvables dans ${sharedDir} :\n${missing.map((m) => `  - ${m}`).join('\n')}\n` +
        `Indiquez le dossier des extraits avec --shared-data DIR (ou QPV_ATLAS_SHARED_DATA), ` +
        `ou importez les fichiers officiels vous-même, par exemple :\n` +
        `  npx qpv-atlas ingest QP2024_France_Hexagonale_Outre_Mer_WGS84.geojson --kind perimeters --generation 2024 --version 2024-08-20\n` +
        `  npx qpv-atlas ingest Filosofi2017_carreaux_200m_csv.7z --kind cells --vintage 2017\n` +
        `puis lancez \`npx qpv-atlas serve\` sans --demo.`,
    );
    this.name = 'DemoDataMissing';
  }
}

/** Ingests every manifest file not yet in the store (same checksum = already there); returns what it did. */
export async function ensureDemo(store: Store, sharedDir: string, log: (line: string) => void = () => {}, manifest = readDemoManifest()): Promise<{ ingested: string[]; present: string[] }> {
  const missing = manifest.datasets.map((d) => d.file).filter((f) => !existsSync(join(sharedDir, f)));
  if (missing.length) throw new DemoDataMissing(missing, sharedDir);
  const ingested: string[] = [];
  const present: string[] = [];
  for (const { file, ...opts } of manifest.datasets) {
    const path = join(sharedDir, file);
    const sha = await sha256File(path);
    if (store.findBySha(opts.kind, sha)) {
      present.push(file);
      continue;
    }
    const t0 = performance.now();
    const report = await ingestFile(store, path, opts);
    log(`  ${file} → ${report.dataset.id} (${Math.round(performance.now() - t0)} ms)`);
    ingested.push(file);
  }
  return { ingested, present };
}
