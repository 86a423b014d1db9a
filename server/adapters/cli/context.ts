// Shared CLI plumbing: each command module exports `register(program)` and opens the workspace itself.
import type { Command } from 'commander';
import { RequestError } from '../../domain/requestError.ts';

/** Adds the common --data-dir option to a command. */
export function withDataDir(cmd: Command): Command {
  return cmd.option('--data-dir <dir>', 'store directory (default: $QPV_ATLAS_DATA_DIR, then ~/.qpv-atlas)');
}

/** Error for bad CLI input: main prints the message (and details) and exits with code 2. */
export class CliError extends Error {
  constructor(message: string, public readonly details: unknown = null) {
    super(message);
    this.name = 'CliError';
  }
}

/** Rethrows an app-level error (any RequestError) as a CliError with its message and details; anything else as is. */
export function asCliError(e: unknown): never {
  if (e instanceof RequestError) throw new CliError(e.message, e.details);
  throw e;
}
