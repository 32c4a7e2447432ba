/**
 * Configuration from the environment, parsed once into a typed, frozen object.
 * Every problem is reported at once so a misconfigured deployment fails with one clear message.
 */
import { availableParallelism } from 'node:os';

export interface Config {
  /** SQLite database file (`DATABASE_URL`; a `file:` prefix is accepted). */
  readonly databasePath: string;
  readonly port: number;
  readonly host: string;
  /** HTTP server processes (`WORKERS`, default: one per core); 1 serves from the main process. */
  readonly workers: number;
  /** Size of each server process's response cache in MiB (`RESPONSE_CACHE_MB`); 0 turns it off. */
  readonly responseCacheMiB: number;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export const DEFAULT_DATABASE_PATH = 'data/catalogue.db';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const databasePath = (env.DATABASE_URL?.trim() || DEFAULT_DATABASE_PATH).replace(/^file:/, '');
  if (databasePath === '') problems.push('DATABASE_URL must name a file');

  const port = Number(env.PORT?.trim() || 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }

  const host = env.HOST?.trim() || '127.0.0.1';

  const workers = Number(env.WORKERS?.trim() || availableParallelism());
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    problems.push(`WORKERS must be a whole number from 1 to 64, got "${env.WORKERS}"`);
  }

  const responseCacheMiB = Number(env.RESPONSE_CACHE_MB?.trim() || 32);
  if (!Number.isFinite(responseCacheMiB) || responseCacheMiB < 0 || responseCacheMiB > 4096) {
    problems.push(`RESPONSE_CACHE_MB must be a number from 0 to 4096, got "${env.RESPONSE_CACHE_MB}"`);
  }

  if (problems.length) throw new ConfigurationError(problems);
  return Object.freeze({ databasePath, port, host, workers, responseCacheMiB });
}
