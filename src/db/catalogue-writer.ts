/**
 * The write side of the data-access layer: every statement an import runs, prepared once (through
 * Drizzle where its builder can say it; placeholders, never values built into the text) and reused
 * for every record, because a bulk import runs them millions of times. Callers wrap calls in a
 * transaction; nothing here commits.
 */
import type { Statement } from 'better-sqlite3';
import { and, eq, notInArray, sql, type Placeholder, type SQL } from 'drizzle-orm';
import {
  authors,
  catalogueState,
  keywords,
  paperAuthors,
  paperKeywords,
  paperRepositories,
  papers,
  paperTopics,
  repositories,
  repositoryPapers,
  topics,
  type PaperRow,
  type TopicKind,
} from '../../schema/tables.ts';
import type { Db } from './client.ts';
import { dropIndexes, dropTriggers, restoreDefinitions, type SavedDefinition } from './deferred-schema.ts';
import { KeyFilter } from './key-filter.ts';
import { jsonArrayParts } from './prepared.ts';
import { getCatalogueVersion } from './queries/catalogue.ts';
import { refreshCatalogueFacets } from './queries/facets.ts';
import { TOPIC_TREE_SQL } from './queries/topics.ts';

const p = sql.placeholder;
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** FTS5's in-memory buffer of new terms (`hashsize`): SQLite's default, for ordinary writes. */
const FTS_DEFAULT_HASH_BYTES = 1024 * 1024;
/** The same buffer while an import indexes its new papers in bulk (see `beginDeferredIndexing`). */
const FTS_BULK_HASH_BYTES = 32 * 1024 * 1024;

export interface PaperFields {
  slug: string;
  arxivId: string | null;
  titleKey: string;
  title: string;
  abstract: string;
  url: string | null;
  pdfUrl: string | null;
  publishedAt: string | null;
}

export interface TopicFields {
  slug: string;
  name: string;
  description: string;
  parentSlug: string | null;
  kind: TopicKind;
}

export interface RepositoryFields {
  url: string;
  urlKey: string;
  host: string;
  owner: string;
  name: string;
  stars?: number | null;
}

export type TopicOrigin = (typeof paperTopics.$inferSelect)['origin'];
export type LinkSource = (typeof paperRepositories.$inferSelect)['source'];

export function createCatalogueWriter(db: Db) {
  const paperByArxivId = db.select().from(papers).where(eq(papers.arxivId, p('arxivId'))).prepare();
  // Prefer a paper with no arXiv id: one with a different id is a different paper of the same title.
  const paperByTitleKey = db
    .select()
    .from(papers)
    .where(eq(papers.titleKey, p('titleKey')))
    .orderBy(sql`${papers.arxivId} is not null`, papers.id)
    .limit(1)
    .prepare();
  const markPaperChanged = db
    .update(papers)
    .set({ changedVersion: sql`${p('version')}` })
    .where(eq(papers.id, p('id')))
    .prepare();
  const paperIdBySlug = db.select({ id: papers.id }).from(papers).where(eq(papers.slug, p('slug'))).prepare();
  const insertPaper = db
    .insert(papers)
    .values({
      slug: p('slug'),
      arxivId: p('arxivId'),
      titleKey: p('titleKey'),
      title: p('title'),
      abstract: p('abstract'),
      url: p('url'),
      pdfUrl: p('pdfUrl'),
      publishedAt: p('publishedAt'),
      changedVersion: p('changedVersion'),
    })
    // No RETURNING (the id is the last rowid): SQLite runs RETURNING as a trigger, and a trigger
    // makes every insert copy the pages it touches into a statement journal.
    .prepare();
  const updatePaper = db
    .update(papers)
    .set({
      arxivId: sql`${p('arxivId')}`,
      titleKey: sql`${p('titleKey')}`,
      title: sql`${p('title')}`,
      abstract: sql`${p('abstract')}`,
      url: sql`${p('url')}`,
      pdfUrl: sql`${p('pdfUrl')}`,
      publishedAt: sql`${p('publishedAt')}`,
      updatedAt: now,
    })
    .where(eq(papers.id, p('id')))
    .prepare();

  const authorNamesByPaper = db
    .select({ name: authors.name })
    .from(paperAuthors)
    .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
    .where(eq(paperAuthors.paperId, p('paperId')))
    .orderBy(paperAuthors.position)
    .prepare();
  const authorIdByKey = db.select({ id: authors.id }).from(authors).where(eq(authors.nameKey, p('nameKey'))).prepare();
  const insertAuthor = db.insert(authors).values({ name: p('name'), nameKey: p('nameKey') }).onConflictDoNothing().prepare();
  const deletePaperAuthors = db.delete(paperAuthors).where(eq(paperAuthors.paperId, p('paperId'))).prepare();
  const insertPaperAuthors = rowsInserter(db, ['paperId', 'authorId', 'position'], (rows) => db.insert(paperAuthors).values(rows));

  const deleteInferredTopics = db
    .delete(paperTopics)
    .where(and(eq(paperTopics.paperId, p('paperId')), eq(paperTopics.origin, 'inferred')))
    .prepare();
  const insertInferredTopics = rowsInserter(db, ['paperId', 'topicId', 'score', 'evidence', 'origin'], (rows) =>
    db
      .insert(paperTopics)
      .values(rows)
      .onConflictDoNothing(), // a source-assigned topic outranks an inferred one
  );
  const upsertAssignedTopic = db
    .insert(paperTopics)
    .values({ paperId: p('paperId'), topicId: p('topicId'), score: 1, evidence: '[]', origin: p('origin') })
    .onConflictDoUpdate({
      target: [paperTopics.paperId, paperTopics.topicId],
      set: { origin: sql`excluded.origin`, score: 1 },
    })
    .prepare();

  const assignedOrigin = db
    .select({ origin: paperTopics.origin })
    .from(paperTopics)
    .where(and(eq(paperTopics.paperId, p('paperId')), eq(paperTopics.topicId, p('topicId'))))
    .prepare();

  const keywordIdByKey = db.select({ id: keywords.id }).from(keywords).where(eq(keywords.termKey, p('termKey'))).prepare();
  const insertKeyword = db.insert(keywords).values({ term: p('term'), termKey: p('termKey') }).onConflictDoNothing().prepare();
  const deletePaperKeywords = db.delete(paperKeywords).where(eq(paperKeywords.paperId, p('paperId'))).prepare();
  const insertPaperKeywords = rowsInserter(db, ['paperId', 'keywordId', 'weight'], (rows) =>
    db
      .insert(paperKeywords)
      .values(rows)
      .onConflictDoUpdate({
        target: [paperKeywords.paperId, paperKeywords.keywordId],
        set: { weight: sql`max(${paperKeywords.weight}, excluded.weight)` },
      }),
  );

  const upsertRepository = db
    .insert(repositories)
    .values({
      url: p('url'),
      urlKey: p('urlKey'),
      host: p('host'),
      owner: p('owner'),
      name: p('name'),
      ownerKey: p('ownerKey'),
      stars: p('stars'),
    })
    .onConflictDoUpdate({
      target: repositories.urlKey,
      // Stars only ever arrive from some sources; an import without them keeps the known count.
      set: { stars: sql`coalesce(excluded.stars, ${repositories.stars})` },
    })
    .returning({ id: repositories.id })
    .prepare();
  const upsertPaperRepository = db
    .insert(paperRepositories)
    .values({
      paperId: p('paperId'),
      repositoryId: p('repositoryId'),
      source: p('source'),
      // Through `sql`, not the boolean columns' own mapping, which would store NULL ("unknown") as 0.
      isOfficial: sql`${p('isOfficial')}`,
      framework: p('framework'),
      mentionedInPaper: sql`${p('mentionedInPaper')}`,
    })
    .onConflictDoUpdate({
      target: [paperRepositories.paperId, paperRepositories.repositoryId, paperRepositories.source],
      set: {
        isOfficial: sql`coalesce(excluded.is_official, ${paperRepositories.isOfficial})`,
        framework: sql`coalesce(excluded.framework, ${paperRepositories.framework})`,
        mentionedInPaper: sql`coalesce(excluded.mentioned_in_paper, ${paperRepositories.mentionedInPaper})`,
      },
    })
    .prepare();

  // repository_papers (migration 0012) holds each repository's papers in listing order. It is kept
  // in step here, as links are added and dates change, rather than rebuilt at the end of every
  // import: a link costs one more keyed insert, and an import that touches few papers touches
  // few rows. Links are never removed, so these two statements are all it takes.
  const insertRepositoryPaper = db
    .insert(repositoryPapers)
    .values({
      repositoryId: p('repositoryId'),
      publishedAt: sql`coalesce((select ${papers.publishedAt} from ${papers} where ${papers.id} = ${p('paperId')}), '')`,
      paperId: p('paperId'),
    })
    .onConflictDoNothing()
    .prepare();
  // Runs before the paper's own row changes: the stored rows are found by their full key, the
  // paper's current date included, in each of its repositories.
  const moveRepositoryPapers = db
    .update(repositoryPapers)
    .set({ publishedAt: sql`coalesce(${p('publishedAt')}, '')` })
    .where(
      and(
        sql`${repositoryPapers.repositoryId} in (select ${paperRepositories.repositoryId} from ${paperRepositories} where ${paperRepositories.paperId} = ${p('id')})`,
        sql`${repositoryPapers.publishedAt} = (select coalesce(${papers.publishedAt}, '') from ${papers} where ${papers.id} = ${p('id')})`,
        eq(repositoryPapers.paperId, p('id')),
        sql`${repositoryPapers.publishedAt} <> coalesce(${p('publishedAt')}, '')`,
      ),
    )
    .prepare();

  const linkKeysByPaper = db
    .select({ urlKey: repositories.urlKey, source: paperRepositories.source })
    .from(paperRepositories)
    .innerJoin(repositories, eq(repositories.id, paperRepositories.repositoryId))
    .where(eq(paperRepositories.paperId, p('paperId')))
    .prepare();

  const upsertTopic = db
    .insert(topics)
    .values({ slug: p('slug'), name: p('name'), description: p('description'), kind: p('kind') })
    .onConflictDoUpdate({
      target: topics.slug,
      set: { name: sql`excluded.name`, description: sql`excluded.description`, kind: sql`excluded.kind` },
    })
    .returning({ id: topics.id })
    .prepare();
  const setTopicParent = db
    .update(topics)
    .set({ parentId: sql`${p('parentId')}` })
    .where(eq(topics.id, p('id')))
    .prepare();

  // Ids of authors and keywords met during this import. A bulk import meets the same ones over and
  // over; a cache hit saves a statement. Bounded so that a million-paper import stays small.
  const authorIds = new BoundedCache<string, number>(ID_CACHE_SIZE);
  const keywordIds = new BoundedCache<string, number>(ID_CACHE_SIZE);
  const sourceTopicIds = new Map<string, number>();
  // The full-text triggers, set aside while an import defers indexing (`beginDeferredIndexing`).
  let ftsTriggers: SavedDefinition[] = [];
  // Set while an import defers indexing: stored papers whose text it changes are re-indexed at its
  // end, their indexed text kept until then in a temporary table (see `updatePaper`).
  let keepIndexedText: Statement | null = null;
  // Set by `filterPaperLookups`: the arXiv ids, title keys and slugs of every paper (see KeyFilter).
  let paperKeys: KeyFilter | null = null;
  const rememberKeys = (fields: { arxivId: string | null; titleKey: string; slug?: string }) => {
    if (!paperKeys) return;
    if (fields.arxivId) paperKeys.add(fields.arxivId, ARXIV_ID);
    paperKeys.add(fields.titleKey, TITLE_KEY);
    if (fields.slug) paperKeys.add(fields.slug, SLUG);
  };

  // The rows of topic_papers (migration 0009: the papers of each topic with its sub-topics', each
  // once, in listing order) that this writer's changes made stale: those of the papers it added or
  // changed, taken before their change. Past TOPIC_PAPERS_REPLACED_MAX papers, or when the topic
  // tree changed (`syncTopics`), the table is rebuilt whole instead.
  const topicPapersStale = new ChangedPapers(TOPIC_PAPERS_REPLACED_MAX, () => [] as [number, string, number][]);
  /** The stored topics of a kind as one string, to tell whether a sync changed any of them. */
  const topicsOfKind = (kind: TopicKind): string =>
    JSON.stringify(
      db
        .select({ slug: topics.slug, name: topics.name, description: topics.description, parentId: topics.parentId })
        .from(topics)
        .where(eq(topics.kind, kind))
        .orderBy(topics.slug)
        .all(),
    );
  // Up from the paper's own topics, rather than through the whole tree (thousands of topics).
  const topicPaperRowsOf = db.$client.prepare(`with recursive up(topic_id) as (
      select topic_id from paper_topics where paper_id = @paper
      union
      select t.parent_id from topics t join up on t.id = up.topic_id where t.parent_id is not null)
    select up.topic_id, coalesce(p.published_at, ''), p.id from up join papers p on p.id = @paper`).raw();
  /** Notes that the paper's topics or date are about to change (or that it is new). */
  const paperTopicsChanging = (paperId: number, isNew: boolean) =>
    topicPapersStale.note(paperId, (rows) => {
      if (!isNew) for (const row of topicPaperRowsOf.all({ paper: paperId }) as [number, string, number][]) rows.push(row);
    });
  // The rows of topic_papers of the papers `where` selects (a condition on `pt`, paper_topics).
  const topicPaperRows = (where: string) => `with recursive ${TOPIC_TREE_SQL}
    insert or ignore into topic_papers (topic_id, published_at, paper_id)
    select distinct tree.ancestor_id, coalesce(p.published_at, ''), p.id
    from paper_topics pt join tree on tree.topic_id = pt.topic_id join papers p on p.id = pt.paper_id
    ${where} order by 1, 2, 3`;
  const refreshTopicPapers = () => {
    const stale = topicPapersStale.take();
    if (!stale) {
      // Rebuilt whole, sorted, which costs about what counting every topic's papers did.
      db.$client.prepare('delete from topic_papers').run();
      db.$client.prepare(topicPaperRows('')).run();
    } else {
      // Only the changed papers' rows: at a million papers a whole rebuild took 20 s, whatever the
      // size of the import.
      const remove = db.$client.prepare('delete from topic_papers where topic_id = ? and published_at = ? and paper_id = ?');
      for (const row of stale.details) remove.run(row);
      const add = db.$client.prepare(topicPaperRows('where pt.paper_id in (select value from json_each(?))'));
      for (const part of jsonArrayParts([...stale.papers], 1000)) add.run(part);
    }
  };

  // The keywords, authors and repositories whose paper counts this writer's changes may have
  // moved, and the owners of the repositories it linked papers to anew (their facet counts):
  // `refreshCounts` recounts those alone, where recounting every row took 5–6 s at a million
  // papers whatever the import's size. Past a share of the catalogue, and in bulk imports
  // (`deferIndexes`), everything is recounted instead, which then costs less than recounting row
  // by row.
  const countsStale = new ChangedPapers(
    Math.max(COUNTS_RECOUNTED_MIN, (db.get<{ n: number }>(sql`select paper_count as n from catalogue_state where id = 1`)?.n ?? 0) * COUNTS_RECOUNTED_SHARE),
    (): StaleCounts => ({ keywords: new Set(), authors: new Set(), repositories: new Set(), owners: new Set() }),
  );
  const authorIdsOfPaper = db.$client.prepare('select author_id from paper_authors where paper_id = ?').pluck();
  const keywordIdsOfPaper = db.$client.prepare('select keyword_id from paper_keywords where paper_id = ?').pluck();
  /** Recounts the rows of `table` with the given ids (`count` as in a full recount). */
  const recountRows = (table: string, count: SQL, ids: Iterable<number>) => {
    for (const part of jsonArrayParts([...ids], RECOUNT_CHUNK)) {
      db.run(sql`update ${sql.identifier(table)} set paper_count = ${count}
        where id in (select value from json_each(${part})) and paper_count <> ${count}`);
    }
  };

  // Insert first: most keys a bulk import meets are new, and a new key then costs one statement.
  const authorId = (name: string, nameKey: string): number =>
    authorIds.getOrSet(nameKey, () => insertedId(insertAuthor.run({ name, nameKey })) ?? authorIdByKey.get({ nameKey })!.id);
  const keywordId = (term: string, termKey: string): number =>
    keywordIds.getOrSet(termKey, () => insertedId(insertKeyword.run({ term, termKey })) ?? keywordIdByKey.get({ termKey })!.id);

  return {
    /**
     * From now on, `findPaper` and `isSlugTaken` answer "no" from memory when no paper can have the
     * key, instead of searching an index: for bulk imports, where nearly every paper is new.
     */
    filterPaperLookups(): void {
      paperKeys = new KeyFilter();
      const all = db.$client.prepare('select arxiv_id, title_key, slug from papers').raw();
      for (const [arxivId, titleKey, slug] of all.iterate() as IterableIterator<[string | null, string, string]>) {
        rememberKeys({ arxivId, titleKey, slug });
      }
    },

    findPaper(arxivId: string | null, titleKey: string): PaperRow | undefined {
      if (arxivId && (!paperKeys || paperKeys.mayHave(arxivId, ARXIV_ID))) {
        const byId = paperByArxivId.get({ arxivId });
        if (byId) return byId;
      }
      if (paperKeys && !paperKeys.mayHave(titleKey, TITLE_KEY)) return undefined;
      const byTitle = paperByTitleKey.get({ titleKey });
      // A title match with another arXiv id is another paper that happens to share the title.
      if (byTitle && arxivId && byTitle.arxivId && byTitle.arxivId !== arxivId) return undefined;
      return byTitle;
    },

    isSlugTaken(slug: string): boolean {
      if (paperKeys && !paperKeys.mayHave(slug, SLUG)) return false;
      return paperIdBySlug.get({ slug }) !== undefined;
    },

    /** Adds a paper, marked as changed in the catalogue version `changedVersion` (the change feed). */
    insertPaper(fields: PaperFields, changedVersion: number): number {
      rememberKeys(fields);
      const id = Number(insertPaper.run({ ...fields, changedVersion }).lastInsertRowid);
      paperTopicsChanging(id, true);
      return id;
    },

    updatePaper(id: number, fields: Omit<PaperFields, 'slug'>): void {
      rememberKeys(fields);
      paperTopicsChanging(id, false); // its date may change
      moveRepositoryPapers.run({ id, publishedAt: fields.publishedAt });
      // A paper already in the full-text index whose text changes: its indexed text is kept (once,
      // however often the import changes it) so that the end of the import can take it out of the
      // index and put the new text in, all such papers in one statement.
      keepIndexedText?.run({ id, title: fields.title, abstract: fields.abstract });
      updatePaper.run({ id, ...fields });
    },

    authorNames(paperId: number): string[] {
      return authorNamesByPaper.all({ paperId }).map((r) => r.name);
    },

    /** `fresh`: the paper was inserted by this import and has no rows to replace yet. */
    replaceAuthors(paperId: number, names: readonly { name: string; nameKey: string }[], fresh = false): void {
      const stale = countsStale.note(paperId);
      if (!fresh) {
        if (stale) for (const id of authorIdsOfPaper.all(paperId) as number[]) stale.authors.add(id);
        deletePaperAuthors.run({ paperId });
      }
      const ids = names.map(({ name, nameKey }) => authorId(name, nameKey));
      if (stale) for (const id of ids) stale.authors.add(id);
      insertPaperAuthors.run(ids.map((id, position) => [paperId, id, position]));
    },

    replaceInferredTopics(paperId: number, assignments: readonly { topicId: number; score: number; evidence: string[] }[], fresh = false): void {
      paperTopicsChanging(paperId, fresh);
      if (!fresh) deleteInferredTopics.run({ paperId });
      insertInferredTopics.run(assignments.map((a) => [paperId, a.topicId, a.score, JSON.stringify(a.evidence), 'inferred']));
    },

    /**
     * Assigns a topic as a source gives it (outranking an inferred assignment). Returns whether
     * that changed the paper; `fresh`: the paper was inserted by this import.
     */
    assignTopic(paperId: number, topicId: number, origin: Exclude<TopicOrigin, 'inferred'>, fresh = false): boolean {
      if (!fresh && assignedOrigin.get({ paperId, topicId })?.origin === origin) return false;
      paperTopicsChanging(paperId, fresh);
      upsertAssignedTopic.run({ paperId, topicId, origin });
      return true;
    },

    replaceKeywords(paperId: number, terms: readonly { term: string; termKey: string; weight: number }[], fresh = false): void {
      const stale = countsStale.note(paperId);
      if (!fresh) {
        if (stale) for (const id of keywordIdsOfPaper.all(paperId) as number[]) stale.keywords.add(id);
        deletePaperKeywords.run({ paperId });
      }
      // One row per keyword, at its highest weight: an upsert cannot touch a row twice in one statement.
      const weights = new Map<number, number>();
      for (const { term, termKey, weight } of terms) {
        const id = keywordId(term, termKey);
        weights.set(id, Math.max(weight, weights.get(id) ?? weight));
      }
      if (stale) for (const id of weights.keys()) stale.keywords.add(id);
      insertPaperKeywords.run(Array.from(weights, ([keywordId, weight]) => [paperId, keywordId, weight]));
    },

    linkRepository(
      paperId: number,
      repo: RepositoryFields,
      link: { source: LinkSource; isOfficial?: boolean | null; framework?: string | null; mentionedInPaper?: boolean | null },
    ): void {
      const ownerKey = repo.owner.toLowerCase();
      const { id: repositoryId } = upsertRepository.get({ ...repo, ownerKey, stars: repo.stars ?? null })!;
      upsertPaperRepository.run({
        paperId,
        repositoryId,
        source: link.source,
        isOfficial: link.isOfficial == null ? null : Number(link.isOfficial),
        framework: link.framework ?? null,
        mentionedInPaper: link.mentionedInPaper == null ? null : Number(link.mentionedInPaper),
      });
      // Only a paper newly linked to the repository moves its count and its owner's facet (an
      // owner's spelling never changes); a link already stored, from this source or another, does not.
      if (insertRepositoryPaper.run({ repositoryId, paperId }).changes) {
        const stale = countsStale.note(paperId);
        stale?.repositories.add(repositoryId);
        stale?.owners.add(ownerKey);
      }
    },

    /** `urlKey|source` of every repository link the paper has. */
    linkKeys(paperId: number): Set<string> {
      return new Set(linkKeysByPaper.all({ paperId }).map((r) => `${r.urlKey}|${r.source}`));
    },

    /**
     * Brings the topics of one kind in line with `wanted` (upsert by slug, then parents) and
     * removes topics of that kind that are no longer wanted, with their inferred assignments.
     * Returns the id of every wanted topic by slug, and whether any topic of the kind changed: a
     * renamed, moved, added or removed topic changes answers (the caller moves the catalogue's
     * version), and a changed tree changes every paper's ancestors, so topic_papers is then rebuilt
     * whole by `refreshCounts`.
     */
    syncTopics(kind: TopicKind, wanted: readonly TopicFields[]): { ids: Map<string, number>; changed: boolean } {
      const before = topicsOfKind(kind);
      const ids = new Map<string, number>();
      for (const t of wanted) ids.set(t.slug, upsertTopic.get({ ...t })!.id);
      for (const t of wanted) {
        const parentId = t.parentSlug ? (ids.get(t.parentSlug) ?? null) : null;
        setTopicParent.run({ id: ids.get(t.slug)!, parentId });
      }
      const stale = db
        .select({ id: topics.id })
        .from(topics)
        .where(and(eq(topics.kind, kind), notInArray(topics.id, [...ids.values()])))
        .all()
        .map((r) => r.id);
      for (const id of stale) {
        db.delete(paperTopics).where(eq(paperTopics.topicId, id)).run();
        db.update(topics).set({ parentId: null }).where(eq(topics.parentId, id)).run();
        db.delete(topics).where(eq(topics.id, id)).run();
      }
      const changed = topicsOfKind(kind) !== before;
      if (changed) topicPapersStale.all();
      return { ids, changed };
    },

    /** The topic of a task or category a source assigns, created on first use. */
    sourceTopicId(kind: Exclude<TopicKind, 'THEME'>, slug: string, name: string): number {
      let id = sourceTopicIds.get(slug);
      if (id === undefined) {
        id = upsertTopic.get({ slug, name, description: '', kind })!.id;
        sourceTopicIds.set(slug, id);
      }
      return id;
    },

    /**
     * From now until `finishDeferredIndexing`, new papers skip the full-text index triggers; the
     * import indexes them in bulk instead (`indexDeferredPapers` and the end), three times faster
     * than row by row. Stored papers whose text changes meanwhile are re-indexed at the end, all
     * together.
     */
    beginDeferredIndexing(): void {
      db.update(catalogueState)
        .set({ ftsDeferredFrom: sql`(select coalesce(max(id), 0) + 1 from papers)` })
        .where(eq(catalogueState.id, 1))
        .run();
      // FTS5 gathers new terms in memory and writes a segment whenever they pass `hashsize`; every
      // segment is later merged into bigger ones. A larger buffer while the import indexes in bulk
      // means fewer, bigger segments and less merging (100,000 papers in one pass: 3.2 s instead of
      // 4.2 s, bench/README.md); `finishDeferredIndexing` sets SQLite's default back.
      setFtsHashSize(db, FTS_BULK_HASH_BYTES);
      // The insert trigger would skip every paper from here on (its WHEN tests the deferred range),
      // but a table with a trigger costs each insert a statement journal: a copy of every page it
      // touches, a third or more of the paper's insert (bench/README.md). The update trigger, which
      // re-indexes a stored paper whose text changes, is set aside too: SQLite opens a savepoint
      // for every statement with a statement journal, FTS5 writes what it holds in memory as a new
      // segment of the index at every savepoint, and every few segments it merges them into
      // bigger ones: re-indexing papers one statement at a time cost seconds of merging at a
      // million papers (bench/README.md, "Re-indexing changed texts at the end"). Both come back
      // at the end.
      ftsTriggers = dropTriggers(db, [FTS_INSERT_TRIGGER, FTS_UPDATE_TRIGGER]);
      db.$client.exec(`create temp table if not exists ${FTS_STALE_TABLE} (rowid integer primary key, title text not null, abstract text not null)`);
      db.$client.exec(`delete from temp.${FTS_STALE_TABLE}`);
      keepIndexedText = db.$client.prepare(`insert into temp.${FTS_STALE_TABLE} (rowid, title, abstract)
        select id, title, abstract from papers
        where id = @id and id < (select fts_deferred_from from catalogue_state where id = 1)
          and (title is not @title or abstract is not @abstract)
        on conflict (rowid) do nothing`);
    },

    /**
     * Indexes up to `limit` of the papers still waiting for the full-text index, oldest first, and
     * moves the start of the deferred range past them: from then on a change to their text is
     * handled as one to a paper stored before the import. Returns how many it indexed.
     */
    indexDeferredPapers(limit: number): number {
      const from = db.get<{ from: number | null }>(sql`select fts_deferred_from as "from" from catalogue_state where id = 1`)?.from;
      if (from == null) return 0;
      const to = Math.min(from + limit, db.get<{ next: number }>(sql`select coalesce(max(id), 0) + 1 as next from papers`)!.next);
      if (to <= from) return 0;
      const indexed = db.run(sql`insert into papers_fts(rowid, title, abstract)
        select id, title, abstract from papers where id >= ${from} and id < ${to}`).changes;
      db.update(catalogueState).set({ ftsDeferredFrom: to }).where(eq(catalogueState.id, 1)).run();
      return indexed;
    },

    /**
     * Re-indexes the stored papers whose text the import changed, indexes every paper still
     * waiting for the full-text index, and turns the triggers back on.
     */
    finishDeferredIndexing(): void {
      const sqlite = db.$client;
      // FTS5 takes a row out of an index over another table's content given the text it indexed.
      sqlite.exec(`insert into papers_fts(papers_fts, rowid, title, abstract)
        select 'delete', rowid, title, abstract from temp.${FTS_STALE_TABLE}`);
      sqlite.exec(`insert into papers_fts(rowid, title, abstract)
        select p.id, p.title, p.abstract from temp.${FTS_STALE_TABLE} s join papers p on p.id = s.rowid`);
      sqlite.exec(`delete from temp.${FTS_STALE_TABLE}`);
      keepIndexedText = null;
      db.run(sql`insert into papers_fts(rowid, title, abstract)
        select id, title, abstract from papers where id >= (select fts_deferred_from from catalogue_state where id = 1)`);
      db.update(catalogueState).set({ ftsDeferredFrom: null }).where(eq(catalogueState.id, 1)).run();
      restoreDefinitions(db, ftsTriggers);
      ftsTriggers = [];
      setFtsHashSize(db, FTS_DEFAULT_HASH_BYTES);
    },

    /**
     * Drops the indexes an import does not read while it writes, returning their definitions for
     * `restoreIndexes`. Rebuilding an index once, sorted, is much cheaper than inserting a million
     * keys into it at random. `readByCounts` (the reverse indexes of the join tables, the listing
     * orders) are read by `refreshCounts` and the related papers, so come back before them;
     * `orderedByCounts` are keyed on the counts `refreshCounts` writes, so come back after it:
     * kept while it writes, every row would move in them (keywords' counts at 100,000 papers:
     * 0.83 s instead of 0.18 s).
     */
    deferIndexes(): DeferredIndexes {
      // A bulk import changes so much of the catalogue that one pass over every row is the cheaper recount.
      countsStale.all();
      return { readByCounts: dropIndexes(db, INDEXES_READ_BY_COUNTS), orderedByCounts: dropIndexes(db, INDEXES_ORDERED_BY_COUNTS) };
    },

    restoreIndexes(saved: readonly SavedDefinition[]): void {
      restoreDefinitions(db, saved);
    },

    /** The version the running import will give the catalogue if it changes anything. */
    nextVersion(): number {
      return getCatalogueVersion(db) + 1;
    },

    /** Records that the import giving the catalogue `version` added or changed this paper. */
    markPaperChanged(paperId: number, version: number): void {
      markPaperChanged.run({ id: paperId, version });
    },

    /** Records that every paper changed in `version` (a re-applied taxonomy re-tags them all). */
    markAllPapersChanged(version: number): void {
      db.update(papers).set({ changedVersion: version }).run();
    },

    /** Marks the catalogue as changed: its version grows by one. */
    bumpVersion(): void {
      db.update(catalogueState)
        .set({ version: sql`${catalogueState.version} + 1`, updatedAt: now })
        .where(eq(catalogueState.id, 1))
        .run();
    },

    topicIdsBySlug(): Map<string, number> {
      return new Map(db.select({ slug: topics.slug, id: topics.id }).from(topics).all().map((r) => [r.slug, r.id]));
    },

    /**
     * Brings every stored count up to date after an import, so that listings never count per
     * request: the counts this writer's changes may have moved (see `countsStale`), or all of them.
     * A topic counts its own papers and its sub-topics' papers, each paper once.
     */
    refreshCounts(): void {
      refreshTopicPapers();
      // Only the rows whose count changed are written: an import that touches a few papers then
      // rewrites a few rows, not every keyword and its entries in the count-ordered indexes
      // (keywords at 100,000 papers: 0.1 s instead of 1 s).
      const setCounts = (table: string, count: SQL) =>
        db.run(sql`update ${sql.identifier(table)} set paper_count = ${count} where paper_count <> ${count}`);
      // Topics are few (their recount, 0.2–0.3 s at a million papers, is not worth tracking them).
      setCounts('topics', sql`(select count(*) from topic_papers tp where tp.topic_id = topics.id)`);
      const keywordCount = sql`(select count(*) from paper_keywords pk where pk.keyword_id = keywords.id)`;
      const authorCount = sql`(select count(distinct pa.paper_id) from paper_authors pa where pa.author_id = authors.id)`;
      // repository_papers holds each linked paper once per repository (whatever the link's sources).
      const repositoryCount = sql`(select count(*) from repository_papers rp where rp.repository_id = repositories.id)`;
      const stale = countsStale.take()?.details;
      if (stale) {
        recountRows('keywords', keywordCount, stale.keywords);
        recountRows('authors', authorCount, stale.authors);
        recountRows('repositories', repositoryCount, stale.repositories);
      } else {
        setCounts('keywords', keywordCount);
        setCounts('authors', authorCount);
        setCounts('repositories', repositoryCount);
      }
      // Keywords no paper uses any more (after a text changed) would only clutter suggestions.
      db.delete(keywords).where(eq(keywords.paperCount, 0)).run();
      db.run(sql`update catalogue_state set
        paper_count = (select count(*) from papers),
        topic_count = (select count(*) from topics),
        keyword_count = (select count(*) from keywords),
        repository_count = (select count(*) from repositories),
        author_count = (select count(*) from authors)
        where id = 1`);
      refreshCatalogueFacets(db, stale ? [...stale.owners] : undefined);
    },

    /** Makes `refreshCounts` recount every row, whatever this writer changed. */
    recountAll(): void {
      countsStale.all();
    },

    /** The text of every paper: what re-applying an edited taxonomy tags again. */
    allPaperTexts(): { id: number; title: string; abstract: string }[] {
      return db.select({ id: papers.id, title: papers.title, abstract: papers.abstract }).from(papers).all();
    },
  };
}

export type CatalogueWriter = ReturnType<typeof createCatalogueWriter>;

/** FTS5's in-memory buffer of new terms, in bytes (a setting stored with the index). */
function setFtsHashSize(db: Db, bytes: number): void {
  db.run(sql`insert into papers_fts(papers_fts, rank) values ('hashsize', ${sql.raw(String(Math.trunc(bytes)))})`);
}

/** The id of the row an INSERT … ON CONFLICT DO NOTHING added, or undefined when it added none. */
function insertedId(result: { changes: number; lastInsertRowid: number | bigint }): number | undefined {
  return result.changes ? Number(result.lastInsertRowid) : undefined;
}

/** Indexes set aside by a bulk import, rebuilt before and after the counts (see `deferIndexes`). */
export interface DeferredIndexes {
  readByCounts: SavedDefinition[];
  orderedByCounts: SavedDefinition[];
}

/** Indexes no statement of an import reads before its end, where the counts read them. */
const INDEXES_READ_BY_COUNTS = [
  'paper_authors_author_paper_idx',
  'paper_keywords_keyword_paper_idx',
  'paper_repositories_repository_paper_idx',
  'paper_topics_topic_paper_idx',
  'papers_published_at_id_idx',
  'papers_changed_version_id_idx',
];

/** Indexes no statement of an import reads, keyed on the counts it writes at its end. */
const INDEXES_ORDERED_BY_COUNTS = [
  'keywords_paper_count_idx',
  'keywords_term_key_count_idx',
  'repositories_paper_count_idx',
  'repositories_name_key_idx',
  'repositories_owner_idx',
];

/** Indexes new papers for full-text search as they are inserted (migration 0003). */
const FTS_INSERT_TRIGGER = 'papers_fts_ai';
/** Re-indexes a paper whose title or abstract changes (migration 0003). */
const FTS_UPDATE_TRIGGER = 'papers_fts_au';
/**
 * A temporary table of the indexed text of papers an import changed, re-indexed at its end. It
 * lives in SQLite's temporary storage (a file, with a small cache), not in the heap, however many
 * papers change.
 */
const FTS_STALE_TABLE = 'fts_stale_text';

/** Kinds of paper keys in the writer's KeyFilter. */
const ARXIV_ID = 1;
const TITLE_KEY = 2;
const SLUG = 3;

/** Rows per multi-row INSERT: a paper's keywords, authors or topics usually fit in one. */
const MAX_ROWS_PER_INSERT = 16;

/**
 * Inserts rows of `columns` with as few statements as possible: a paper's eight keyword rows cost one
 * statement instead of eight. `build` makes the INSERT for a list of rows of placeholders (Drizzle
 * builds the SQL, as for every statement here); there is one prepared statement per row count,
 * run on better-sqlite3 directly with the values in row order.
 */
function rowsInserter<Column extends string>(
  db: Db,
  columns: readonly Column[],
  build: (rows: Record<Column, Placeholder>[]) => { toSQL(): { sql: string; params: unknown[] } },
) {
  // Drizzle writes the columns in the table's order: where each row's value goes in the statement.
  let slots: number[] | null = null;
  const statements: Statement[] = [];
  const statement = (count: number): Statement => {
    let stmt = statements[count];
    if (!stmt) {
      const rows = Array.from({ length: count }, (_, row) => Object.fromEntries(columns.map((c) => [c, p(`${row}.${c}`)])) as Record<Column, Placeholder>);
      const query = build(rows).toSQL();
      const names = query.params.map((param) => (param as { value?: Placeholder }).value?.name);
      const order = names.slice(0, columns.length).map((name) => columns.indexOf(name?.slice('0.'.length) as Column));
      const expected = rows.flatMap((_, row) => order.map((column) => `${row}.${columns[column]}`));
      if (names.join() !== expected.join()) throw new Error(`unexpected parameters in ${query.sql}`);
      slots = order;
      stmt = statements[count] = db.$client.prepare(query.sql);
    }
    return stmt;
  };
  return {
    /** `rows`: values in the order of `columns`. */
    run(rows: readonly unknown[][]): void {
      for (let from = 0; from < rows.length; from += MAX_ROWS_PER_INSERT) {
        const count = Math.min(MAX_ROWS_PER_INSERT, rows.length - from);
        const stmt = statement(count);
        const values: unknown[] = [];
        for (let row = from; row < from + count; row++) for (const column of slots!) values.push(rows[row]![column]);
        stmt.run(values);
      }
    },
  };
}

/**
 * What a writer's changes made stale, noted paper by paper with whatever each change needs redone
 * (`details`), until more than `max` papers changed or `all()` is called: from then on everything
 * is to be redone, which then costs less than redoing it piece by piece.
 */
export class ChangedPapers<Details> {
  private papers = new Set<number>();
  private details: Details;
  private everything = false;

  constructor(
    private readonly max: number,
    private readonly empty: () => Details,
  ) {
    this.details = empty();
  }

  /**
   * Notes a change to the paper, calling `first` the first time it is noted. Returns the details to
   * add to, or null once everything is to be redone.
   */
  note(paperId: number, first?: (details: Details) => void): Details | null {
    if (this.everything) return null;
    if (!this.papers.has(paperId)) {
      if (this.papers.size >= this.max) {
        this.all();
        return null;
      }
      this.papers.add(paperId);
      first?.(this.details);
    }
    return this.details;
  }

  all(): void {
    this.everything = true;
    this.papers.clear();
    this.details = this.empty();
  }

  /** What was noted (null: everything), and a fresh start. */
  take(): { papers: ReadonlySet<number>; details: Details } | null {
    const noted = this.everything ? null : { papers: this.papers, details: this.details };
    this.papers = new Set();
    this.details = this.empty();
    this.everything = false;
    return noted;
  }
}

/** What `refreshCounts` recounts alone (see `countsStale` in the writer). */
interface StaleCounts {
  keywords: Set<number>;
  authors: Set<number>;
  repositories: Set<number>;
  owners: Set<string>;
}

/**
 * Papers an import may change before every count is recounted rather than those the changes
 * touched: past a share of the catalogue, recounting every row in one pass costs less than
 * recounting the touched ones a row at a time (each reads all of its papers). Never fewer than
 * the minimum, which a small catalogue recounts in milliseconds either way.
 */
const COUNTS_RECOUNTED_SHARE = 1 / 100;
const COUNTS_RECOUNTED_MIN = 1_000;
/** Ids per recount statement. */
const RECOUNT_CHUNK = 5_000;

/** Papers whose topic_papers rows are replaced one by one; past it the table is rebuilt whole. */
const TOPIC_PAPERS_REPLACED_MAX = 20_000;

/** Entries kept by each id cache of the writer. */
const ID_CACHE_SIZE = 100_000;

/** A map that forgets everything when full: crude, but a bulk import's hit rate stays high. */
class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  getOrSet(key: K, compute: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= this.capacity) this.map.clear();
      value = compute();
      this.map.set(key, value);
    }
    return value;
  }
}
