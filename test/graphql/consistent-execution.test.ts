/**
 * An answer reads one state of the catalogue: an import that commits from another connection while
 * an operation runs makes the operation run again (src/graphql/consistent-execution.ts). The
 * commits are made by a second connection to the same file at a chosen statement of the request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { closeDb, type Db } from '../../src/db/client.ts';
import { MAX_RUNS } from '../../src/graphql/consistent-execution.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import { generatedRecords, taxonomy } from '../fixtures.ts';
import { createTestDb, execute, sharedCatalogue, UNCACHED } from '../helpers.ts';

/** The sample in a file (`sharedCatalogue`); `hooks.onRead` hears each statement the reader starts. */
function catalogue() {
  const hooks = { onRead: (_sql: string) => {} };
  const { writer, reader, statements } = sharedCatalogue({ onRead: (sql) => hooks.onRead(sql) });
  opened.push(reader, writer);
  return { writer, statements, hooks, app: createApp(reader, UNCACHED) };
}

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) closeDb(db);
});

const KEYWORD_BRIEF_ROWS = 'from "paper_keywords" inner join "keywords"';
const KEYWORD_WHOLE_ROWS = 'from "keywords" where "keywords"."id" in';
const VERSION_CHECK = 'pragma data_version';

const FIRST_PAPERS_KEYWORDS = `{ papers(first: 3) { nodes { title keywords { term paperCount } } } }`;

describe('one state of the catalogue per answer', () => {
  it('a keyword deleted between its brief row and its whole row: the operation runs again, and answers from the catalogue after', async () => {
    const { writer, statements, hooks, app } = catalogue();
    const before = await execute(app, FIRST_PAPERS_KEYWORDS);
    expect(before.errors).toBeUndefined();
    const term: string = before.data.papers.nodes[0].keywords[0].term;

    // The brief rows name the keyword; its whole row (for paperCount) is read by a later statement,
    // which starts after the delete has committed (in one run, that was an internal error).
    let deleted = false;
    hooks.onRead = (sql) => {
      if (deleted || !sql.includes(KEYWORD_WHOLE_ROWS)) return;
      deleted = true;
      writer.$client.transaction(() => {
        const { id } = writer.$client.prepare('select id from keywords where term = ?').get(term) as { id: number };
        writer.$client.prepare('delete from paper_keywords where keyword_id = ?').run(id);
        writer.$client.prepare('delete from keywords where id = ?').run(id);
      })();
    };
    statements.length = 0;
    const during = await execute(app, FIRST_PAPERS_KEYWORDS);

    expect(deleted).toBe(true);
    expect(during.errors).toBeUndefined();
    expect(during.status).toBe(200);
    // The second run read the lists and the whole rows again, after the delete.
    expect(statements.filter((s) => s.includes(KEYWORD_BRIEF_ROWS))).toHaveLength(2);
    expect(statements.filter((s) => s.includes(KEYWORD_WHOLE_ROWS))).toHaveLength(2);
    const first = during.data.papers.nodes[0];
    expect(first.title).toBe(before.data.papers.nodes[0].title);
    expect(first.keywords.map((k: { term: string }) => k.term)).not.toContain(term);
    expect(first.keywords).toEqual(before.data.papers.nodes[0].keywords.filter((k: { term: string }) => k.term !== term));
  });

  it('papers imported between a page and its count: the page and totalCount both see them', async () => {
    const { writer, statements, hooks, app } = catalogue();
    const PAGE = `{ papers(first: 50, orderBy: PUBLISHED_AT_DESC) { totalCount nodes { title } } }`;
    const before = await execute(app, PAGE);
    const added = generatedRecords(4).map((record) => ({ ...record, publishedAt: '2099-01-01' }));

    // A statement takes its snapshot after it is announced: commit as the statement after the
    // page's starts, so that the page is read before the import and what follows after it.
    let imported = false;
    let pageRead = false;
    hooks.onRead = (sql) => {
      if (imported || sql === VERSION_CHECK) return;
      if (!pageRead) {
        pageRead = /\bfrom "?papers"? /.test(sql);
        return;
      }
      imported = true;
      importPapers(writer, added, { taxonomy });
    };
    statements.length = 0;
    const during = await execute(app, PAGE);

    expect(imported).toBe(true);
    expect(during.errors).toBeUndefined();
    expect(during.data.papers.totalCount).toBe(before.data.papers.totalCount + added.length);
    const titles = during.data.papers.nodes.map((n: { title: string }) => n.title);
    for (const record of added) expect(titles).toContain(record.title);
  });

  it(`commits during every run: at most ${MAX_RUNS} runs, and the last one's answer`, async () => {
    const { writer, statements, hooks, app } = catalogue();
    let commits = 0;
    hooks.onRead = (sql) => {
      if (!sql.includes(KEYWORD_BRIEF_ROWS)) return;
      commits++;
      writer.$client.prepare(`update catalogue_state set updated_at = ? where id = 1`).run(`2099-01-0${commits}`);
    };
    statements.length = 0;
    const result = await execute(app, FIRST_PAPERS_KEYWORDS);
    expect(result.errors).toBeUndefined();
    expect(commits).toBe(MAX_RUNS);
    expect(statements.filter((s) => s.includes(KEYWORD_BRIEF_ROWS))).toHaveLength(MAX_RUNS);
  });

  it('no commit: one run and two version checks; none on a private in-memory catalogue', async () => {
    const { statements, app } = catalogue();
    await execute(app, FIRST_PAPERS_KEYWORDS);
    statements.length = 0;
    const result = await execute(app, FIRST_PAPERS_KEYWORDS);
    expect(result.errors).toBeUndefined();
    expect(statements.filter((s) => s.includes(KEYWORD_BRIEF_ROWS))).toHaveLength(1);
    expect(statements.filter((s) => s === VERSION_CHECK)).toHaveLength(2);

    const memory = createTestDb({ sample: true });
    opened.push(memory.db);
    await execute(createApp(memory.db, UNCACHED), FIRST_PAPERS_KEYWORDS);
    expect(memory.statements.filter((s) => s.includes(VERSION_CHECK))).toHaveLength(0);
  });
});
