// CLI commands on the catalogue: ingest, datasets, remove.
import type { Command } from 'commander';
import { resolveDataDir } from '../../../config.ts';
import { Store } from '../../store/store.ts';
import { DATASET_KINDS, ingestFile, type IngestOptions } from '../../../app/ingest.ts';
import { initGeos } from '../../../domain/geometry/geos.ts';
import type { DatasetKind } from '../../../domain/model.ts';
import { CliError, withDataDir } from '../context.ts';
import { progressReporter } from '../progress.ts';

const fmt = (n: number) => n.toLocaleString('fr-FR');

export function register(program: Command): void {
  withDataDir(program.command('ingest <file>').description('importe un fichier (périmètres, extensions, carreaux, équipements, communes, bâtiments)'))
    .requiredOption('--kind <kind>', `type : ${DATASET_KINDS.join(' | ')}`)
    .option('--generation <g>', 'génération des périmètres (2015, 2024 ou un libellé)')
    .option('--version <v>', 'version du fichier (ex. date ANCT 2024-08-20)')
    .option('--vintage <v>', 'millésime (Filosofi 2017, BPE 2023...)')
    .option('--crs <epsg>', 'système de coordonnées EPSG si le fichier ne le dit pas', (v) => {
      const n = Number(String(v).replace(/^EPSG:/i, ''));
      if (!Number.isInteger(n)) throw new CliError(`--crs invalide : « ${v} » (attendu : un code EPSG, ex. 2154).`);
      return n;
    })
    .option('--label <text>', 'libellé de la source (sources des cartes)')
    .option('--code <qpv>', 'extensions : code du quartier concerné')
    .option('--layer <name>', 'couche à lire (GeoPackage ou archive à plusieurs couches)')
    .option('--format <f>', 'équipements : bpe | schools | points (détecté sinon)')
    .option('--label-column <col>', 'équipements : colonne du nom')
    .option('--type-column <col>', 'équipements : colonne du type')
    .option('--id-column <col>', 'équipements : colonne identifiant')
    .option('--x-column <col>', 'équipements : colonne X ou longitude')
    .option('--y-column <col>', 'équipements : colonne Y ou latitude')
    .option('--replace <id>', 'remplace ce jeu de données (dans la même transaction)')
    .action(async (file: string, o) => {
      if (!DATASET_KINDS.includes(o.kind)) throw new CliError(`--kind invalide : « ${o.kind} » (valeurs : ${DATASET_KINDS.join(', ')}).`);
      await initGeos();
      const store = Store.open(resolveDataDir(o.dataDir));
      const progress = progressReporter();
      try {
        const opts: IngestOptions = {
          kind: o.kind as DatasetKind, generation: o.generation, version: o.version, vintage: o.vintage, crs: o.crs, label: o.label,
          code: o.code, layer: o.layer, format: o.format, labelColumn: o.labelColumn, typeColumn: o.typeColumn, idColumn: o.idColumn, xColumn: o.xColumn, yColumn: o.yColumn, replace: o.replace,
        };
        const report = await ingestFile(store, file, opts, progress.update);
        progress.stop();
        const d = report.dataset;
        console.log(`Importé : ${d.id} — ${d.label}`);
        console.log(`  ${Object.entries(d.counts).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
        if (report.replaced) console.log(`  remplace ${report.replaced}`);
        if (report.issues.length) {
          console.log(`  ${report.issues.length} avertissement(s) :`);
          for (const i of report.issues.slice(0, 20)) console.log(`   - ${[i.feature, i.line ? `ligne ${i.line}` : '', i.field].filter(Boolean).join(' · ')}${i.feature || i.line || i.field ? ' : ' : ''}${i.message}`);
          if (report.issues.length > 20) console.log(`   … et ${report.issues.length - 20} autre(s) (qpv-atlas datasets --json)`);
        }
      } finally {
        progress.stop();
        store.close();
      }
    });

  withDataDir(program.command('datasets').description('liste les jeux de données importés'))
    .option('--json', 'sortie JSON')
    .action((o) => {
      const store = Store.open(resolveDataDir(o.dataDir));
      try {
        const list = store.listDatasets();
        if (o.json) return console.log(JSON.stringify(list, null, 2));
        if (!list.length) return console.log('Aucun jeu de données. Importez-en avec `qpv-atlas ingest FICHIER --kind ...`.');
        for (const d of list) {
          console.log(`${d.id}\t${d.kind}\t${d.label}\t${d.sourceName}\t${d.ingestedAt.slice(0, 19).replace('T', ' ')}\t${Object.entries(d.counts).map(([k, v]) => `${k}=${v}`).join(' ')}`);
        }
      } finally {
        store.close();
      }
    });

  withDataDir(program.command('remove <id>').description('supprime un jeu de données'))
    .action((id: string, o) => {
      const store = Store.open(resolveDataDir(o.dataDir));
      try {
        if (!store.remove(id)) throw new CliError(`Jeu de données « ${id} » introuvable : rien n'a été supprimé (voir qpv-atlas datasets).`);
        console.log(`Supprimé : ${id}`);
      } finally {
        store.close();
      }
    });
}
