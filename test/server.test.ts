/**
 * `npm start` as a user runs it: migrates and loads the sample, serves from several processes on
 * one port, and stops cleanly on SIGTERM; what keeps it from starting is one clear message and
 * exit code 1; an import filling an empty catalogue is served, not seeded over.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, migrateDb, openDb } from '../src/db/client.ts';
import { generatedRecords } from './fixtures.ts';
import { pausedImport } from './helpers.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `npm start` with these settings (and no NODE_ENV: the entry sets production), its output gathered. */
function start(settings: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...settings };
  delete env.NODE_ENV;
  const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], { cwd: new URL('..', import.meta.url).pathname, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { child, output: '', exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout.on('data', (chunk) => (run.output += chunk));
  child.stderr.on('data', (chunk) => (run.output += chunk));
  return run;
}

async function waitFor(run: ReturnType<typeof start>, text: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!run.output.includes(text)) {
    if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`the server never said "${text}":\n${run.output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How the server exited; one still running after `ms` is stopped, and the test fails. */
async function exitCode(run: ReturnType<typeof start>, ms = 60_000): Promise<number | null> {
  let timer!: ReturnType<typeof setTimeout>;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill('SIGTERM');
      reject(new Error(`the server was still running after ${ms} ms:\n${run.output}`));
    }, ms);
  });
  try {
    return await Promise.race([run.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

const totalCount = async (port: number): Promise<number> => {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ papers { totalCount } }' }),
  });
  return (await response.json()).data.papers.totalCount;
};

const freshDatabase = () => join(mkdtempSync(join(tmpdir(), 'catalogue-server-')), 'catalogue.db');

describe('npm start', () => {
  it('serves the sample from every worker process and shuts down cleanly', async () => {
    const port = await freePort();
    const run = start({ DATABASE_URL: freshDatabase(), PORT: String(port), WORKERS: '2' });
    await waitFor(run, '2 processes');
    expect(run.output).toContain('Loaded the bundled sample: 47 papers.');

    const totals = await Promise.all(Array.from({ length: 8 }, () => totalCount(port)));
    expect(totals).toEqual(Array(8).fill(47));

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 90_000);

  it('will not start on a port in use: one message, exit code 1, no process started again', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const { port } = taken.address() as { port: number };
    try {
      for (const workers of ['2', '1']) {
        const run = start({ DATABASE_URL: freshDatabase(), PORT: String(port), WORKERS: workers });
        expect(await exitCode(run, 30_000)).toBe(1);
        expect(run.output.match(/^error: .*$/gm)).toEqual([`error: cannot listen on 127.0.0.1:${port}: the port is in use (another server is listening on it; set PORT to another one)`]);
        expect(run.output).not.toMatch(/starting another|\n\s+at /);
      }
    } finally {
      taken.close();
    }
  }, 90_000);

  it('will not start with bad settings: one message, exit code 1', async () => {
    const notADatabase = join(mkdtempSync(join(tmpdir(), 'catalogue-server-')), 'notes.txt');
    writeFileSync(notADatabase, 'some notes, not a database\n'.repeat(200));
    const cases: [Record<string, string>, RegExp][] = [
      [{ DATABASE_URL: freshDatabase(), PORT: 'abc' }, /^error: Invalid configuration:\n {2}- PORT must be an integer from 0 to 65535, got "abc"$/m],
      [{ DATABASE_URL: notADatabase }, /^error: cannot open the catalogue at .*notes\.txt: the file is not a SQLite database$/m],
    ];
    for (const [settings, message] of cases) {
      const run = start(settings);
      expect(await exitCode(run)).toBe(1);
      expect(run.output).toMatch(message);
      expect(run.output).not.toMatch(/\n\s+at /);
    }
  }, 60_000);

  it('serves an empty catalogue an import is filling, without the sample, and its papers once it commits', async () => {
    const database = freshDatabase();
    const importer = openDb(database);
    migrateDb(importer);
    const importing = pausedImport(importer, generatedRecords(30), 10);
    await importing.paused;
    const port = await freePort();
    const run = start({ DATABASE_URL: database, PORT: String(port), WORKERS: '2' });
    try {
      await waitFor(run, '2 processes');
      expect(run.output).toContain('The catalogue is empty and another process (an import) is writing to it: serving it as it is.');
      expect(run.output).not.toContain('Loaded the bundled sample');
      expect(await totalCount(port)).toBe(0);
      importing.release();
      await importing.done;
      expect(await totalCount(port)).toBe(30);
    } finally {
      importing.release();
      await importing.done.catch(() => {});
      closeDb(importer);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  }, 90_000);
});
