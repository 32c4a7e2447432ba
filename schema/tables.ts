/**
 * The database schema: what drizzle-kit reads to generate migrations and what queries are typed by.
 * The FTS5 index over papers lives in a custom migration (migrations/*_papers-fts.sql), because
 * Drizzle cannot declare virtual tables.
 *
 * Conventions: every join table has a primary key that makes re-imports idempotent and an index
 * for the reverse lookup; counts shown in lists (`paper_count`) are kept up to date by the
 * importer so that listing never needs a GROUP BY per request.
 *
 * The four tables joining papers to authors, topics, keywords and repositories are `WITHOUT ROWID`
 * (migration 0013; Drizzle cannot declare it): a row lives in its primary-key B-tree, so an import
 * writes two B-trees per row instead of three (table, key, reverse index), and a paper's list is
 * read from the key alone (bench/README.md). A migration drizzle-kit generates for one of them
 * rebuilds the table without it: add `WITHOUT ROWID` to such a migration by hand.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
const updatedAt = () =>
  text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const papers = sqliteTable(
  'papers',
  {
    id: integer('id').primaryKey(),
    /** URL-friendly unique name derived from the title. */
    slug: text('slug').notNull(),
    /** arXiv identifier without version suffix; a paper's identity when present. */
    arxivId: text('arxiv_id'),
    /** Normalised title: a paper's identity when it has no arXiv id. */
    titleKey: text('title_key').notNull(),
    title: text('title').notNull(),
    abstract: text('abstract').notNull(),
    url: text('url'),
    pdfUrl: text('pdf_url'),
    /** ISO date (YYYY-MM-DD); NULL sorts as the oldest. */
    publishedAt: text('published_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** The catalogue version of the import that last added or changed the paper (change feed). */
    changedVersion: integer('changed_version').notNull().default(0),
  },
  (t) => [
    uniqueIndex('papers_slug_unique').on(t.slug),
    index('papers_changed_version_id_idx').on(t.changedVersion, t.id),
    uniqueIndex('papers_arxiv_id_unique').on(t.arxivId),
    index('papers_title_key_idx').on(t.titleKey),
    // Serves both directions of the PUBLISHED_AT orders with id as the keyset tie-breaker.
    index('papers_published_at_id_idx').on(t.publishedAt, t.id),
  ],
);

export const authors = sqliteTable(
  'authors',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    /** Case- and accent-folded name: one author row per key. */
    nameKey: text('name_key').notNull(),
    paperCount: integer('paper_count').notNull().default(0),
  },
  (t) => [uniqueIndex('authors_name_key_unique').on(t.nameKey)],
);

/** `WITHOUT ROWID` (migration 0013): rows stored in the primary key, see the note at the top. */
export const paperAuthors = sqliteTable(
  'paper_authors',
  {
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id),
    /** 0-based byline position. */
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.paperId, t.position] }),
    index('paper_authors_author_paper_idx').on(t.authorId, t.paperId),
  ],
);

export const topics = sqliteTable(
  'topics',
  {
    id: integer('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    parentId: integer('parent_id'),
    /** THEME (the taxonomy), TASK (Papers with Code tasks) or CATEGORY (arXiv categories). */
    kind: text('kind', { enum: ['THEME', 'TASK', 'CATEGORY'] })
      .notNull()
      .default('THEME'),
    /** Papers in this topic or any of its sub-topics. */
    paperCount: integer('paper_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('topics_slug_unique').on(t.slug),
    index('topics_parent_idx').on(t.parentId),
    index('topics_paper_count_idx').on(t.paperCount, t.id),
    index('topics_name_idx').on(t.name, t.id),
  ],
);

/** `WITHOUT ROWID` (migration 0013): rows stored in the primary key, see the note at the top. */
export const paperTopics = sqliteTable(
  'paper_topics',
  {
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    /** Confidence in (0, 1]; 1 for topics a source assigns explicitly. */
    score: real('score').notNull(),
    /** `inferred` by the taxonomy tagger, or the source that assigned it (pwc, arxiv, jsonl). */
    origin: text('origin', { enum: ['inferred', 'pwc', 'arxiv', 'jsonl'] })
      .notNull()
      .default('inferred'),
    /** JSON array of the terms that placed the paper in the topic. */
    evidence: text('evidence').notNull().default('[]'),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.topicId] }), index('paper_topics_topic_paper_idx').on(t.topicId, t.paperId)],
);

export const keywords = sqliteTable(
  'keywords',
  {
    id: integer('id').primaryKey(),
    /** Display form, e.g. "neural tangent kernel" or "LoRA". */
    term: text('term').notNull(),
    /** Lookup key: lower-case, plurals folded. */
    termKey: text('term_key').notNull(),
    paperCount: integer('paper_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('keywords_term_key_unique').on(t.termKey),
    // In the order of the most-papers listing, and covering a suggestion's walk by paper count.
    index('keywords_paper_count_idx').on(sql`${t.paperCount} desc`, t.termKey),
    // Covers a suggestion's read of a prefix's range: term keys with their counts, no table reads.
    index('keywords_term_key_count_idx').on(t.termKey, t.paperCount),
  ],
);

/** `WITHOUT ROWID` (migration 0013): rows stored in the primary key, see the note at the top. */
export const paperKeywords = sqliteTable(
  'paper_keywords',
  {
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    keywordId: integer('keyword_id')
      .notNull()
      .references(() => keywords.id),
    /** Relative importance within the paper, in (0, 1]. */
    weight: real('weight').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.paperId, t.keywordId] }),
    index('paper_keywords_keyword_paper_idx').on(t.keywordId, t.paperId),
  ],
);

/**
 * Each paper's most similar other papers, ranked, computed at import time (src/db/related.ts) so
 * that `Paper.related` is a lookup. At most RELATED_PER_PAPER rows per paper.
 */
export const paperRelated = sqliteTable(
  'paper_related',
  {
    // No foreign keys: the rows are derived, written only from ids just read from papers, and
    // checking both ids doubled the cost of writing every list (bench/README.md).
    paperId: integer('paper_id').notNull(),
    /** 1 for the most similar paper. */
    rank: integer('rank').notNull(),
    relatedPaperId: integer('related_paper_id').notNull(),
    /** Cosine similarity of the two papers' weighted keywords and topics, in (0, 1]. */
    score: real('score').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.paperId, t.rank] }),
    // Which lists name a paper: an import that changes the paper updates them.
    index('paper_related_related_paper_idx').on(t.relatedPaperId),
  ],
);

export const repositories = sqliteTable(
  'repositories',
  {
    id: integer('id').primaryKey(),
    /** Canonical URL: https, lower-case host, no `.git`, no trailing slash. */
    url: text('url').notNull(),
    /** Lower-case `host/owner/name`: repositories are matched case-insensitively. */
    urlKey: text('url_key').notNull(),
    host: text('host').notNull(),
    owner: text('owner').notNull(),
    name: text('name').notNull(),
    /** Lower-case owner, for the `owner` filter. */
    ownerKey: text('owner_key').notNull(),
    /** Star count when a source reports it (Hugging Face does; the PwC dumps do not). */
    stars: integer('stars'),
    paperCount: integer('paper_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('repositories_url_key_unique').on(t.urlKey),
    // With the paper count, these two cover a suggestion's read of an owner or name prefix.
    index('repositories_owner_idx').on(t.ownerKey, t.paperCount),
    index('repositories_name_key_idx').on(sql`lower(${t.name})`, t.paperCount),
    // The most-papers listing's order, carrying what a suggestion's walk by paper count tests
    // (owner and name), so that walk reads no table rows for the repositories it skips.
    index('repositories_paper_count_idx').on(sql`${t.paperCount} desc`, t.id, t.ownerKey, sql`lower(${t.name})`),
  ],
);

/** `WITHOUT ROWID` (migration 0013): rows stored in the primary key, see the note at the top. */
export const paperRepositories = sqliteTable(
  'paper_repositories',
  {
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    repositoryId: integer('repository_id')
      .notNull()
      .references(() => repositories.id),
    /** Where the link was found: abstract, pwc, hf or jsonl. One row per source keeps provenance. */
    source: text('source', { enum: ['abstract', 'pwc', 'hf', 'jsonl'] }).notNull(),
    isOfficial: integer('is_official', { mode: 'boolean' }),
    framework: text('framework'),
    /** Whether the paper itself mentions the repository, when the source says. */
    mentionedInPaper: integer('mentioned_in_paper', { mode: 'boolean' }),
  },
  (t) => [
    primaryKey({ columns: [t.paperId, t.repositoryId, t.source] }),
    index('paper_repositories_repository_paper_idx').on(t.repositoryId, t.paperId),
  ],
);

/**
 * Every paper of every repository, in the order a repository's papers are listed (newest first,
 * or its reverse): a page reads only the rows it returns from this key instead of collecting and
 * sorting all the repository's papers. An unknown date is stored as '' (a key column cannot be
 * NULL), which sorts where NULL does. The importer keeps it in step with `paper_repositories` and
 * the papers' dates (catalogue-writer.ts); migration 0012 creates it `WITHOUT ROWID`, which
 * Drizzle cannot declare.
 */
export const repositoryPapers = sqliteTable(
  'repository_papers',
  {
    repositoryId: integer('repository_id').notNull(),
    publishedAt: text('published_at').notNull(),
    paperId: integer('paper_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.repositoryId, t.publishedAt, t.paperId] })],
);

export type PaperRow = typeof papers.$inferSelect;
export type AuthorRow = typeof authors.$inferSelect;
export type TopicRow = typeof topics.$inferSelect;
export type KeywordRow = typeof keywords.$inferSelect;
export type RepositoryRow = typeof repositories.$inferSelect;
export type PaperRepositoryRow = typeof paperRepositories.$inferSelect;
export type TopicKind = TopicRow['kind'];

/**
 * One row of facts about the catalogue as a whole. `version` grows with every import that changes
 * something, so clients can tell whether their copy is current.
 */
export const catalogueState = sqliteTable('catalogue_state', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
  updatedAt: text('updated_at'),
  /**
   * During a bulk import, papers with this id or above are not yet in the full-text index: the
   * import adds them in one pass at the end, three times faster than row by row. NULL otherwise.
   */
  ftsDeferredFrom: integer('fts_deferred_from'),
  // Sizes, counted at the end of every import so that no request counts a whole table.
  paperCount: integer('paper_count').notNull().default(0),
  topicCount: integer('topic_count').notNull().default(0),
  keywordCount: integer('keyword_count').notNull().default(0),
  repositoryCount: integer('repository_count').notNull().default(0),
  authorCount: integer('author_count').notNull().default(0),
});

/**
 * Facet counts of the whole catalogue (papers per year, with code, per framework, per repository
 * owner), counted at the end of every import: facets of an unfiltered list read these rows
 * instead of grouping a million papers per request. Per-topic counts live in `topics.paper_count`.
 */
export const catalogueFacets = sqliteTable(
  'catalogue_facets',
  {
    /** `years`, `hasCode`, `frameworks` or `owners`. */
    facet: text('facet').notNull(),
    /** The value counted: a year, `1`/`0` for has-code, a framework, an owner key; NULL for "unknown year". */
    value: text('value'),
    /** How to show the value (an owner as spelled in its repositories), where it differs from `value`. */
    label: text('label'),
    paperCount: integer('paper_count').notNull(),
  },
  (t) => [index('catalogue_facets_facet_count_idx').on(t.facet, t.paperCount)],
);
