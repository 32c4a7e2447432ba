/**
 * better-sqlite3 comes in two majors, each for the Node.js it runs on (src/db/client.ts): these pin
 * the choice, and that dropping statements is safe on this Node.js, which the wrong major is not
 * on Node 24.19 and later (the process aborts when the garbage collector finalises a statement).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Database, SQLITE_DRIVER } from '../../src/db/client.ts';
import { createTestDb } from '../helpers.ts';

describe('the SQLite driver', () => {
  it('is the better-sqlite3 major built for this Node.js, with FTS5', () => {
    const { version } = createRequire(import.meta.url)(`${SQLITE_DRIVER}/package.json`) as { version: string };
    expect(version).toMatch(Number(process.versions.napi) >= 10 ? /^13\./ : /^12\./);
    const { db } = createTestDb({ sample: true });
    expect(db.$client).toBeInstanceOf(Database);
    expect(db.get(sql`select count(*) as n from papers_fts where papers_fts match 'kernel'`)).toEqual({ n: expect.any(Number) });
  });

  it('lets the garbage collector finalise statements, and the process exit cleanly', () => {
    // Statements left to the collector, then garbage made in a timer callback: with the wrong
    // major on Node 24.19+, the collection that follows aborts the process.
    const script = `
      import { openDb } from ${JSON.stringify(fileURLToPath(new URL('../../src/db/client.ts', import.meta.url)))};
      const db = openDb(':memory:');
      for (let i = 0; i < 5000; i++) db.$client.prepare('select ' + i).get();
      await new Promise((resolve) => setTimeout(() => {
        let garbage = [];
        for (let i = 0; i < 3e6; i++) garbage.push({ i });
        resolve(garbage.length);
      }, 10));
      console.log('done');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).not.toMatch(/Assertion failed/);
    expect({ status: child.status, signal: child.signal, stdout: child.stdout.trim() }).toEqual({ status: 0, signal: null, stdout: 'done' });
  });
});
