// CLI command `serve`: the HTTP API and the map client, optionally on the demo territory.
import type { Command } from 'commander';
import { resolveDataDir, resolveSharedDataDir } from '../../../config.ts';
import { Store } from '../../store/store.ts';
import { ensureDemo, readDemoManifest } from '../../../app/demo.ts';
import { initGeos } from '../../../domain/geometry/geos.ts';
import { createApp } from '../../http/app.ts';
import { CliError, withDataDir } from '../context.ts';

/** Ingests the demo bundle (once) into a data directory, printing what it did. */
async function ingestDemo(dataDir: string, sharedFlag?: string): Promise<void> {
  const shared = resolveSharedDataDir(sharedFlag);
  const store = Store.open(dataDir);
  try {
    console.log(`Territoire de démonstration (${readDemoManifest().name}) — données : ${shared}, store : ${dataDir}`);
    const t0 = performance.now();
    const { ingested, present } = await ensureDemo(store, shared, (l) => console.log(l));
    console.log(`  ${ingested.length} fichier(s) importé(s), ${present.length} déjà présent(s) (${Math.round(performance.now() - t0)} ms)`);
  } finally {
    store.close();
  }
}

export function register(program: Command): void {
  withDataDir(program.command('demo').description('importe (une fois) le territoire de démonstration, sans démarrer le serveur'))
    .option('--shared-data <dir>', 'dossier des extraits réels (défaut : ../shared/data)')
    .action(async (o) => {
      await initGeos();
      await ingestDemo(resolveDataDir(o.dataDir), o.sharedData);
    });

  withDataDir(program.command('serve').description("démarre l'API et la carte"))
    .option('--port <n>', 'port HTTP (défaut : $QPV_ATLAS_PORT ou 8787)')
    .option('--host <h>', "adresse d'écoute", '127.0.0.1')
    .option('--demo', 'importe (une fois) le territoire de démonstration avant de démarrer')
    .option('--shared-data <dir>', 'dossier des extraits réels (défaut : ../shared/data)')
    .action(async (o) => {
      const port = Number(o.port ?? process.env.QPV_ATLAS_PORT ?? 8787);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port invalide : « ${o.port} ».`);
      const dataDir = resolveDataDir(o.dataDir);
      await initGeos();
      if (o.demo) await ingestDemo(dataDir, o.sharedData);
      const { app } = createApp({ dataDir });
      const server = app.listen(port, o.host, () => {
        const addr = server.address();
        const actual = typeof addr === 'object' && addr ? addr.port : port;
        console.log(`QPV Atlas prêt : http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${actual}/  (API : /api, documentation : /api/docs)`);
      });
      await new Promise<void>((resolve, reject) => {
        server.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new CliError(`Le port ${port} est déjà utilisé : choisissez-en un autre avec --port.`) : e));
        const stop = () => server.close(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
