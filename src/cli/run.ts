/**
 * Runs a command-line entry point (and the server's start) so that expected failures (bad
 * configuration, an unreadable or malformed input file, a bad record under --strict, a catalogue
 * path that is no catalogue, a catalogue another process is writing to) print one clear message
 * and exit 1, never a stack trace. Unexpected errors keep theirs.
 */
import { ConfigurationError } from '../config.ts';
import { BUSY_TIMEOUT_MS, CatalogueOpenError, isCatalogueBusy } from '../db/client.ts';
import { InputError } from '../ingest/formats/input.ts';
import { RecordError } from '../ingest/record.ts';

export class UsageError extends Error {}

/** One database takes one writer at a time; an import holds the lock until it commits. */
const BUSY_MESSAGE = `another process is writing to the catalogue (an import, most likely) and still was after ${BUSY_TIMEOUT_MS / 1000} s.
Nothing was changed: run this again once it has finished.`;

export async function runCli(main: () => unknown | Promise<unknown>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const expected = [ConfigurationError, RecordError, InputError, UsageError, CatalogueOpenError];
    if (expected.some((kind) => error instanceof kind)) {
      console.error(`error: ${(error as Error).message}`);
      process.exitCode = 1;
      return;
    }
    if (isCatalogueBusy(error)) {
      console.error(`error: ${BUSY_MESSAGE}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
