/**
 * `npm run pull -- --query FILE.graphql --format ndjson|csv|json [--variables JSON] [--out FILE]
 * [--endpoint URL] [--resume] [--header 'Name: value']...`
 *
 * Pages through the one connection of a query and writes every item as a row, to a file or to
 * stdout; progress and notices go to stderr. The work is done by src/pull/pull.ts; this file reads
 * the command line and turns every expected failure into one `error:` line (no stack trace).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PullError } from '../pull/errors.ts';
import { createPullProgress, formatDuration } from '../pull/progress.ts';
import { DEFAULT_ENDPOINT, pull } from '../pull/pull.ts';
import { FORMATS, isFormat } from '../pull/writers.ts';
import { runCli, UsageError } from './run.ts';

const USAGE = `usage: npm run pull -- --query FILE.graphql --format ${FORMATS.join('|')} [--variables JSON] [--out FILE]
                      [--endpoint URL] [--resume] [--header 'Name: value']...

  --query FILE      the query: one connection to page through, e.g.
                      query ($after: String) { papers(first: 100, after: $after) { nodes { slug title } } }
                    (\`after: $after\`, \`pageInfo { hasNextPage endCursor }\` and \`first: 100\` are added when missing)
  --format          ndjson (one object a line), csv (nested fields flattened) or json (one array)
  --variables JSON  the query's variables, e.g. '{"filter": {"topic": "computer-vision"}}'
  --out FILE        write to FILE (default: stdout); a pull into a file can be continued with --resume
  --endpoint URL    the GraphQL endpoint (default ${DEFAULT_ENDPOINT})
  --resume          continue an interrupted pull into --out from FILE.pull-state.json
  --header          an extra request header, e.g. 'Authorization: Bearer …' (repeatable)`;

function parseCommandLine() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        query: { type: 'string' },
        variables: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        endpoint: { type: 'string', default: DEFAULT_ENDPOINT },
        resume: { type: 'boolean', default: false },
        header: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  if (!values.query) throw new UsageError(`--query is required\n${USAGE}`);
  if (!values.format) throw new UsageError(`--format is required\n${USAGE}`);
  if (!isFormat(values.format)) throw new UsageError(`unknown format "${values.format}": use ${FORMATS.join(', ')}`);

  let query: string;
  try {
    query = readFileSync(values.query, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the query file ${values.query}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }

  let variables: Record<string, unknown> = {};
  if (values.variables !== undefined) {
    let parsedVariables: unknown;
    try {
      parsedVariables = JSON.parse(values.variables);
    } catch (error) {
      throw new UsageError(`--variables is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsedVariables !== 'object' || parsedVariables === null || Array.isArray(parsedVariables)) {
      throw new UsageError('--variables must be a JSON object, e.g. \'{"first": 50}\'');
    }
    variables = parsedVariables as Record<string, unknown>;
  }

  let endpoint: URL;
  try {
    endpoint = new URL(values.endpoint);
  } catch {
    throw new UsageError(`--endpoint is not a URL: ${values.endpoint}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new UsageError(`--endpoint must be an http or https URL: ${values.endpoint}`);

  const headers: Record<string, string> = {};
  for (const header of values.header) {
    const colon = header.indexOf(':');
    if (colon < 1) throw new UsageError(`--header must be 'Name: value', not "${header}"`);
    headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }

  return { query, variables, format: values.format, out: values.out, endpoint: endpoint.href, resume: values.resume, headers };
}

runCli(async () => {
  const args = parseCommandLine();
  if (!args) return;

  // Ctrl-C stops between (or during) requests: what is written is consistent with the state file,
  // so --resume can continue. A second Ctrl-C quits at once.
  // A reader that has seen enough (`| head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });

  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort(new Error('interrupted'));
    process.once('SIGINT', () => process.exit(130));
  });

  const progress = createPullProgress();
  const started = performance.now();
  try {
    const result = await pull({
      ...args,
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
      onNotice: (message) => progress.notice(message),
    });
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    const where = args.out ? ` into ${args.out}` : '';
    const resumed = result.resumed ? ' (resumed)' : '';
    console.error(`pull: ${result.rows.toLocaleString('en')} rows in ${result.pages} pages${where} in ${seconds < 60 ? `${seconds.toFixed(1)} s` : formatDuration(seconds)}${resumed}`);
  } catch (error) {
    progress.stop();
    if (error instanceof PullError && controller.signal.aborted) {
      console.error(`error: ${error.message}`);
      process.exitCode = 130;
      return;
    }
    if (error instanceof PullError) throw new UsageError(error.message);
    throw error;
  }
});
