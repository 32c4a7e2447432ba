/**
 * `npm start` as a user runs it: migrates and loads the sample, serves from several processes on
 * one port, and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('npm start', () => {
  it('serves the sample from every worker process and shuts down cleanly', async () => {
    const port = await freePort();
    const database = join(mkdtempSync(join(tmpdir(), 'catalogue-server-')), 'catalogue.db');
    // What `npm start` runs, in the environment a user has (no NODE_ENV: the entry sets production).
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database, PORT: String(port), WORKERS: '2' };
    delete env.NODE_ENV;
    const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], {
      cwd: new URL('..', import.meta.url).pathname,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (!output.includes('2 processes')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain('Loaded the bundled sample: 47 papers.');

    const totals = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ papers { totalCount } }' }),
        });
        return (await response.json()).data.papers.totalCount;
      }),
    );
    expect(totals).toEqual(Array(8).fill(47));

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 90_000);
});
