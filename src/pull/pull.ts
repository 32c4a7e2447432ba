/**
 * A bulk pull: runs a query page after page along one connection, following `endCursor` until
 * `hasNextPage` is false, and writes every item as one row (ndjson, csv or json). The command
 * (`npm run pull`, src/cli/pull.ts) is a thin shell over `pull()`, which tests drive in-process with
 * the app's own `fetch`.
 *
 * Writing to a file, it saves its place after every page (see state.ts), so an interrupted pull
 * continues with `resume: true` where it stopped, and its output ends up exactly as a clean pull's.
 */
import { stat } from 'node:fs/promises';
import { PullError } from './errors.ts';
import { DEFAULT_RETRY_POLICY, postGraphQL, sleep as realSleep, type FetchLike, type RetryNotice, type RetryPolicy, type Transport } from './http.ts';
import { preparePullQuery, type ItemsLocation, type PullPlan } from './query.ts';
import { fingerprint, readState, removeState, stateFileFor, writeState, type PullState } from './state.ts';
import { createWriter, openFileSink, streamSink, type Format, type Sink } from './writers.ts';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4000/graphql';

export interface PullProgress {
  rows: number;
  pages: number;
  /** The connection's `totalCount`, when the query selects it. */
  totalCount: number | null;
  /** Rows that were already in the output when this run resumed (0 for a new pull), to compute a rate. */
  rowsAtStart: number;
}

export interface PullOptions {
  /** The GraphQL query text. */
  query: string;
  variables?: Record<string, unknown>;
  format: Format;
  /** The output file; without one, rows go to `stdout` and the pull cannot be resumed. */
  out?: string;
  /** Where rows go without `out` (default process.stdout). */
  stdout?: NodeJS.WritableStream;
  endpoint?: string;
  /** Continue an interrupted pull into `out` from its state file, when there is one. */
  resume?: boolean;
  /** Extra request headers, e.g. authorization for a remote endpoint. */
  headers?: Record<string, string>;
  fetch?: FetchLike;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Stops the pull; its output and state stay as after the last complete page. */
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
  /** Things the user should know that are not failures: a retry, a resume, what was added to the query. */
  onNotice?: (message: string) => void;
}

export interface PullResult {
  rows: number;
  pages: number;
  totalCount: number | null;
  /** Whether this run continued an interrupted pull. */
  resumed: boolean;
  plan: PullPlan;
}

const describeRetry = (n: RetryNotice) =>
  `${n.reason}: retrying in ${(n.delayMs / 1000).toFixed(1)} s (attempt ${n.attempt + 1} of ${n.maxAttempts})`;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The connection object in `data`, or the path of the null on the way to it (e.g. `topic`, for a
 * topic that does not exist): a null there means there is nothing to pull, not an error.
 */
function locateConnection(data: Record<string, unknown>, path: readonly string[]): { connection: Record<string, unknown> } | { nullAt: string } {
  let value: unknown = data;
  for (const [index, key] of path.entries()) {
    if (!isObject(value)) {
      throw new PullError(`${path.slice(0, index).join('.')} is a list: pull pages through a connection reached through single objects only`);
    }
    value = value[key];
    if (value === null || value === undefined) return { nullAt: path.slice(0, index + 1).join('.') };
  }
  if (!isObject(value)) throw new PullError(`${path.join('.')} is not a connection object in the response`);
  return { connection: value };
}

function pageRows(connection: Record<string, unknown>, items: ItemsLocation, name: string): unknown[] {
  const list = connection[items.key];
  // Some connections (search) declare their lists nullable; an absent list is an empty page.
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw new PullError(`${name}.${items.key} is not a list in the response`);
  if (items.kind !== 'edgeNodes') return list;
  return list.map((edge) => (isObject(edge) ? edge[items.nodeKey] : null));
}

export async function pull(options: PullOptions): Promise<PullResult> {
  const plan = preparePullQuery(options.query);
  const notice = options.onNotice ?? (() => {});
  const { format, out } = options;
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  const variables = options.variables ?? {};
  if (!isObject(variables)) throw new PullError('the variables must be a JSON object');
  if (options.resume && !out) throw new PullError('--resume needs --out: only a pull into a file can be continued');

  const transport: Transport = {
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    headers: options.headers ?? {},
    signal: options.signal,
    onRetry: (n) => notice(describeRetry(n)),
  };
  transport.retry.maxAttempts = Math.max(1, Math.floor(transport.retry.maxAttempts));

  const { [plan.afterVariable]: startCursor = null, ...fixedVariables } = variables;
  if (startCursor !== null && typeof startCursor !== 'string') throw new PullError(`the variable $${plan.afterVariable} must be a cursor (a string)`);
  const queryFingerprint = fingerprint(plan.query, fixedVariables, format);
  const connectionName = plan.path.join('.');
  if (plan.added.length) notice(`paging through ${connectionName}; added to the query: ${plan.added.join(', ')}`);

  // Where to start: a saved state when resuming, else the beginning (or the cursor passed in).
  const statePath = out ? stateFileFor(out) : undefined;
  let saved: PullState | undefined;
  if (statePath) {
    saved = await readState(statePath);
    if (saved && !options.resume) {
      notice(`starting over: ${statePath} from an interrupted pull is discarded (--resume continues one)`);
      await removeState(statePath);
      saved = undefined;
    } else if (!saved && options.resume) {
      notice(`nothing to resume (no ${statePath}): starting a new pull`);
    } else if (saved && (saved.fingerprint !== queryFingerprint || saved.format !== format)) {
      throw new PullError(`cannot resume: ${statePath} belongs to a pull with another query, variables or format; run that one with --resume, or this one without it to start over`);
    }
  }
  if (saved && out) {
    const exists = await stat(out).then(() => true, () => false);
    if (!exists) throw new PullError(`cannot resume: ${out} is gone; delete ${statePath} to start over`);
    notice(`resuming after row ${saved.rows} (page ${saved.pages})`);
  }

  const sink: Sink = out ? await openFileSink(out, saved?.bytes) : streamSink(options.stdout ?? process.stdout);
  const writer = createWriter(format, sink, { rowShape: plan.rowShape, rowsSoFar: saved?.rows ?? 0, resuming: saved !== undefined });
  let cursor: string | null = saved ? saved.cursor : startCursor;
  let rows = saved?.rows ?? 0;
  let pages = saved?.pages ?? 0;
  let totalCount: number | null = saved?.totalCount ?? null;
  const rowsAtStart = rows;
  let savedThisRun = false;

  try {
    await writer.start();
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason;
      const data = await postGraphQL(endpoint, { query: plan.query, variables: { ...fixedVariables, [plan.afterVariable]: cursor }, operationName: plan.operationName }, transport);
      const located = locateConnection(data, plan.path);
      if ('nullAt' in located) {
        notice(`${located.nullAt} is null in the response${located.nullAt === connectionName ? '' : ' (not found?)'}: nothing ${pages ? 'more ' : ''}to pull`);
        break;
      }
      const { connection } = located;
      const pageInfo = connection.pageInfo;
      if (!isObject(pageInfo) || typeof pageInfo.hasNextPage !== 'boolean') throw new PullError(`the response has no pageInfo.hasNextPage for ${connectionName}`);
      const items = pageRows(connection, plan.items, connectionName);
      const count = plan.totalCountKey === undefined ? undefined : connection[plan.totalCountKey];
      if (typeof count === 'number') totalCount = count;

      await writer.writeRows(items);
      rows += items.length;
      pages += 1;
      const endCursor = pageInfo.endCursor;
      if (pageInfo.hasNextPage) {
        // A server that says "more" without moving the cursor would have us loop for ever.
        if (typeof endCursor !== 'string' || endCursor === cursor) {
          throw new PullError(`the server says more pages follow ${connectionName} but gives no new endCursor; stopping rather than asking for the same page again`);
        }
      }
      // An empty last page has no endCursor: the place to continue from stays where it was.
      if (typeof endCursor === 'string') cursor = endCursor;

      if (out && statePath) {
        await sink.flush();
        await writeState(statePath, { version: 1, fingerprint: queryFingerprint, format, endpoint, cursor, rows, pages, bytes: sink.bytes, totalCount, updatedAt: new Date().toISOString() });
        savedThisRun = true;
      }
      options.onProgress?.({ rows, pages, totalCount, rowsAtStart });
      if (!pageInfo.hasNextPage) break;
    }
    await writer.finish();
  } catch (error) {
    await sink.close().catch(() => {});
    const resumable = out && (savedThisRun || saved);
    if (error instanceof PullError && resumable) {
      throw new PullError(`${error.message}\n${rows} rows are in ${out}; the same command with --resume continues from there.`, { code: error.code, cause: error });
    }
    if (options.signal?.aborted && error === options.signal.reason) {
      throw new PullError(`interrupted${resumable ? `: ${rows} rows are in ${out}; the same command with --resume continues from there.` : ''}`, { cause: error });
    }
    throw error;
  }
  await sink.close();
  if (statePath) await removeState(statePath);
  return { rows, pages, totalCount, resumed: saved !== undefined, plan };
}
