/**
 * The connection's statement cache (db/client.ts): a statement is compiled once per SQL text and
 * handed out again only in a state any caller can use. And the statements kept per listing shape
 * (db/prepared.ts `byShape`): bounded, least recently used first out.
 */
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, STATEMENT_CACHE_SIZE } from '../../src/db/client.ts';
import { byShape } from '../../src/db/prepared.ts';

function scratch() {
  const db = openDb(':memory:');
  db.$client.exec('create table t (id integer primary key, name text); insert into t (name) values (\'a\'), (\'b\'), (\'c\')');
  return db;
}

describe('the statement cache', () => {
  it('compiles a text once and hands the same statement out again', () => {
    const db = scratch();
    const first = db.$client.prepare('select name from t order by id');
    expect(db.$client.prepare('select name from t order by id')).toBe(first);
    expect(db.$client.prepare('select name from t order by id desc')).not.toBe(first);
    closeDb(db);
  });

  it('hands a statement out with plain rows, whatever mode its last user left it in', () => {
    const db = scratch();
    expect(db.$client.prepare('select id, name from t order by id').pluck().all()).toEqual([1, 2, 3]);
    expect(db.$client.prepare('select id, name from t order by id').get()).toEqual({ id: 1, name: 'a' });
    expect(db.$client.prepare('select id, name from t order by id').raw().get()).toEqual([1, 'a']);
    expect(db.$client.prepare('select id, name from t order by id').get()).toEqual({ id: 1, name: 'a' });
    closeDb(db);
  });

  it('compiles a fresh statement while the cached one is still being iterated', () => {
    const db = scratch();
    const text = 'select id from t order by id';
    const iterating = db.$client.prepare(text);
    const rows = iterating.iterate();
    rows.next();
    const other = db.$client.prepare(text);
    expect(other).not.toBe(iterating);
    rows.return?.();
    // Once the iteration is over, the cached one is handed out again.
    expect(db.$client.prepare(text)).toBe(iterating);
    closeDb(db);
  });

  it('sees a changed schema', () => {
    const db = scratch();
    expect(db.$client.prepare('select * from t where id = 1').get()).toEqual({ id: 1, name: 'a' });
    db.$client.exec("alter table t add column note text default 'n'");
    expect(db.$client.prepare('select * from t where id = 1').get()).toEqual({ id: 1, name: 'a', note: 'n' });
    closeDb(db);
  });

  it(`keeps at most ${STATEMENT_CACHE_SIZE} statements, dropping the least recently used`, () => {
    const db = scratch();
    const text = (i: number) => `select ${i} as n from t limit 1`;
    const kept = db.$client.prepare(text(0));
    for (let i = 1; i <= STATEMENT_CACHE_SIZE; i++) {
      db.$client.prepare(text(i));
      // Used all along, the first one stays the most recently used.
      expect(db.$client.prepare(text(0))).toBe(kept);
    }
    const oldest = db.$client.prepare(text(1));
    expect(db.$client.prepare(text(1))).toBe(oldest);
    for (let i = STATEMENT_CACHE_SIZE + 1; i <= 2 * STATEMENT_CACHE_SIZE; i++) db.$client.prepare(text(i));
    // Everything from before the second batch of texts has been dropped by now.
    expect(db.$client.prepare(text(1))).not.toBe(oldest);
    closeDb(db);
  });
});

describe('statements kept per shape', () => {
  it('keeps at most its limit of shapes per connection, the least recently used going first', () => {
    const db = scratch();
    const other = scratch();
    const kept = byShape<string>(2);
    const built: string[] = [];
    const get = (on: typeof db, shape: string) => kept(on, shape, () => (built.push(shape), `${shape}#${built.length}`));

    expect(get(db, 'a')).toBe('a#1');
    expect(get(db, 'b')).toBe('b#2');
    expect(get(db, 'a')).toBe('a#1'); // kept, and now the most recently used
    expect(get(db, 'c')).toBe('c#3'); // over the limit: "b", the least recently used, goes
    expect(get(db, 'a')).toBe('a#1');
    expect(get(db, 'b')).toBe('b#4'); // built again
    // Another connection keeps its own.
    expect(get(other, 'a')).toBe('a#5');
    expect(built).toEqual(['a', 'b', 'c', 'b', 'a']);
    closeDb(db);
    closeDb(other);
  });
});
