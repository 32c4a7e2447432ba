/**
 * Runs a command-line entry point so that expected failures (bad configuration, an unreadable or
 * malformed input file, a bad record under --strict) print one clear message and exit 1, never a
 * stack trace. Unexpected errors keep theirs.
 */
import { ConfigurationError } from '../config.ts';
import { InputError } from '../ingest/formats/input.ts';
import { RecordError } from '../ingest/record.ts';

export class UsageError extends Error {}

export async function runCli(main: () => unknown | Promise<unknown>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof RecordError || error instanceof InputError || error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
