/** Configuration from the environment: defaults, parsing, and every problem reported at once. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, DEFAULT_DATABASE_PATH, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has a default for everything', () => {
    expect(loadConfig({})).toEqual({
      databasePath: DEFAULT_DATABASE_PATH,
      port: 4000,
      host: '127.0.0.1',
      workers: availableParallelism(),
      responseCacheMiB: 32,
    });
  });

  it('reads each variable', () => {
    const config = loadConfig({ DATABASE_URL: 'file:/tmp/c.db', PORT: '8080', HOST: '0.0.0.0', WORKERS: '3', RESPONSE_CACHE_MB: '0' });
    expect(config).toEqual({ databasePath: '/tmp/c.db', port: 8080, host: '0.0.0.0', workers: 3, responseCacheMiB: 0 });
    expect(loadConfig({ RESPONSE_CACHE_MB: '0.5' }).responseCacheMiB).toBe(0.5);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', WORKERS: 'many', RESPONSE_CACHE_MB: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const { problems } = error as ConfigurationError;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT.*WORKERS.*RESPONSE_CACHE_MB/s);
  });
});
