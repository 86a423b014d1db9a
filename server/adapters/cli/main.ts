// qpv-atlas command line: parses arguments, runs a command, turns errors into a message and an exit code.
import { Command, CommanderError } from 'commander';
import { RequestError } from '../../domain/requestError.ts';
import { DemoDataMissing } from '../../app/demo.ts';
import { CliError } from './context.ts';
import { COMMANDS } from './commands/index.ts';

const program = new Command('qpv-atlas')
  .description('QPV Atlas : périmètres QPV 2015/2024, carreaux Filosofi, équipements, poches de pauvreté')
  .exitOverride()
  .showHelpAfterError();
for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  // Every app-level error (IngestError, IndicatorsError, CompareError...) is the user's to fix: message, exit 2.
  if (e instanceof RequestError || e instanceof CliError) {
    console.error(`Erreur : ${e.message}`);
    const details = (e as { details?: unknown }).details;
    if (Array.isArray(details)) {
      for (const d of details.slice(0, 30)) {
        const where = [d.file, d.feature, d.line ? `ligne ${d.line}` : '', d.field ? `champ ${d.field}` : ''].filter(Boolean).join(' · ');
        console.error(`  - ${where}${where ? ' : ' : ''}${d.message ?? JSON.stringify(d)}`);
      }
      if (details.length > 30) console.error(`  … et ${details.length - 30} autre(s)`);
    } else if (details) console.error(`  ${JSON.stringify(details)}`);
    process.exit(2);
  }
  if (e instanceof DemoDataMissing) {
    console.error(e.message);
    process.exit(3);
  }
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
}
