/**
 * The resume state of a pull writing to a file: `OUT.pull-state.json`, rewritten after each page
 * and removed when the pull finishes. It records the cursor to continue from and how much of the
 * output belongs to complete pages (rows and bytes), plus a fingerprint of the query, variables and
 * format, so that --resume never glues the rows of one pull onto the output of another.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { PullError } from './errors.ts';
import type { Format } from './writers.ts';

export interface PullState {
  version: 1;
  /** sha256 of the operation sent, the variables (but the cursor) and the format. */
  fingerprint: string;
  format: Format;
  endpoint: string;
  /** The `endCursor` of the last complete page: where to continue. */
  cursor: string | null;
  rows: number;
  pages: number;
  /** The output's length after the last complete page; anything past it is dropped on resume. */
  bytes: number;
  /** The last `totalCount` seen, for the ETA of a resumed pull. */
  totalCount: number | null;
  updatedAt: string;
}

export const stateFileFor = (out: string) => `${out}.pull-state.json`;

export function fingerprint(query: string, variables: Record<string, unknown>, format: Format): string {
  return createHash('sha256').update(JSON.stringify([query, variables, format])).digest('hex');
}

const isCount = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export async function readState(path: string): Promise<PullState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PullError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let state: Partial<PullState> | undefined;
  try {
    state = JSON.parse(text) as Partial<PullState>;
  } catch {
    state = undefined;
  }
  if (
    !state || state.version !== 1 || typeof state.fingerprint !== 'string' || !(state.cursor === null || typeof state.cursor === 'string') ||
    !isCount(state.rows) || !isCount(state.pages) || !isCount(state.bytes)
  ) {
    throw new PullError(`${path} is not a pull state file this version can read: delete it to start over`);
  }
  return state as PullState;
}

/** Writes the state atomically (a temporary file renamed over it): a crash leaves the old or the new one, never half of one. */
export async function writeState(path: string, state: PullState): Promise<void> {
  const temporary = `${path}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    throw new PullError(`cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

export async function removeState(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.tmp`, { force: true });
}
