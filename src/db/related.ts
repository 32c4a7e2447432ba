/**
 * Related papers, computed at import time so that `Paper.related` is a lookup.
 *
 * A paper is a vector over its keywords and topics ("features"): a keyword weighs its weight in the
 * paper times its inverse document frequency, ln(N / papers with it); a topic weighs the
 * assignment's score times its idf, halved for the broad kinds (THEME, CATEGORY) against a
 * Papers with Code TASK. Two papers are as similar as the cosine of their vectors. Each paper
 * keeps its RELATED_PER_PAPER most similar papers, ties broken by the lower paper id.
 *
 * Pairs are found through an inverted index over the features that at most MAX_FEATURE_PAPERS
 * papers share: a feature shared by more says little about any two of them, and skipping those
 * keeps the work proportional to the number of papers (each paper meets at most
 * MAX_FEATURE_PAPERS others per feature) instead of quadratic. Such common features still count
 * in each paper's norm, so a paper that is only common words scores low with everyone.
 *
 * SQL computes the weights and norms; the pairing runs in memory over typed arrays, because
 * SQLite's GROUP BY and window sort over the pairs cost 19 s at 100,000 papers where this costs
 * under one (bench/README.md, "Related papers").
 */
import type { Db } from './client.ts';

/** How many related papers each paper keeps: the most `Paper.related` can return. */
export const RELATED_PER_PAPER = 20;

/** Features shared by more papers than this are not used to find pairs (see above). */
export const MAX_FEATURE_PAPERS = 100;

/**
 * When the papers an import touches, with their neighbours, exceed this share of the catalogue,
 * every list is recomputed: one pass over everything is then cheaper than the targeted queries.
 */
const FULL_REFRESH_SHARE = 0.25;

/** What a topic counts for next to a keyword of the same rarity. */
const TOPIC_FACTOR = `(case t.kind when 'TASK' then 1.0 else 0.5 end)`;

/** (feature, paper, df, weight) of every keyword of a paper; `feature` is the keyword id. */
const KEYWORD_FEATURES = `select pk.keyword_id as feature, pk.paper_id as paper, k.paper_count as df,
    pk.weight * ln(@n / max(k.paper_count, 1)) as w
  from paper_keywords pk join keywords k on k.id = pk.keyword_id`;

/** The same for topics; `feature` is the topic id negated, so it never equals a keyword id. */
const TOPIC_FEATURES = `select -pt.topic_id as feature, pt.paper_id as paper, t.paper_count as df,
    pt.score * ${TOPIC_FACTOR} * ln(@n / max(t.paper_count, 1)) as w
  from paper_topics pt join topics t on t.id = pt.topic_id`;

/** A feature that pairs papers: shared, and by few enough. */
const PAIRING_KEYWORD = `k.paper_count between 2 and @cap`;
const PAIRING_TOPIC = `t.paper_count between 2 and @cap`;

export interface RelatedRefresh {
  /** Papers whose lists were recomputed. */
  papers: number;
  /** Whether every list was recomputed. */
  full: boolean;
}

/**
 * Brings the related lists up to date after an import that gave `changedVersion` to the papers it
 * added or changed (papers.changed_version). Recomputes the lists of those papers, of every paper
 * sharing a pairing feature with them (a new paper can enter its list) and of every paper whose
 * list names them (a changed paper can leave it); or every list, when that is most of the
 * catalogue or the lists were never computed (a catalogue migrated from before they existed).
 * Lists of other papers keep the scores of their last computation. Run inside the import's
 * transaction: a failed import leaves the lists as they were.
 */
export function refreshRelatedPapers(db: Db, changedVersion: number): RelatedRefresh {
  const sqlite = db.$client;
  const n = (sqlite.prepare('select count(*) from papers').pluck().get() as number) || 1;
  const params = { n, cap: MAX_FEATURE_PAPERS };
  const neverComputed = !sqlite.prepare('select 1 from paper_related limit 1').get();
  if (neverComputed) return recomputeAll(db, params);

  sqlite.exec(`create temp table if not exists related_scope (paper_id integer primary key);
    create temp table if not exists related_features (feature integer primary key);
    delete from related_scope; delete from related_features;`);
  try {
    const changed = `select id from papers where changed_version = @version`;
    const scoped = { ...params, version: changedVersion };
    sqlite.prepare(`insert or ignore into related_scope ${changed}`).run(scoped);
    if (!sqlite.prepare('select 1 from related_scope limit 1').get()) return { papers: 0, full: false };
    sqlite
      .prepare(
        `insert or ignore into related_scope
        select other.paper_id from paper_keywords own
        join keywords k on k.id = own.keyword_id and ${PAIRING_KEYWORD}
        join paper_keywords other on other.keyword_id = own.keyword_id
        where own.paper_id in (${changed})`,
      )
      .run(scoped);
    sqlite
      .prepare(
        `insert or ignore into related_scope
        select other.paper_id from paper_topics own
        join topics t on t.id = own.topic_id and ${PAIRING_TOPIC}
        join paper_topics other on other.topic_id = own.topic_id
        where own.paper_id in (${changed})`,
      )
      .run(scoped);
    sqlite.prepare(`insert or ignore into related_scope select paper_id from paper_related where related_paper_id in (${changed})`).run(scoped);

    const scope = sqlite.prepare('select paper_id from related_scope order by paper_id').pluck().all() as number[];
    if (scope.length > n * FULL_REFRESH_SHARE) return recomputeAll(db, params);

    // The pairing features of the papers in scope, and every paper that has one of them.
    sqlite
      .prepare(
        `insert or ignore into related_features
        select pk.keyword_id from related_scope s join paper_keywords pk on pk.paper_id = s.paper_id
        join keywords k on k.id = pk.keyword_id where ${PAIRING_KEYWORD}
        union all
        select -pt.topic_id from related_scope s join paper_topics pt on pt.paper_id = s.paper_id
        join topics t on t.id = pt.topic_id where ${PAIRING_TOPIC}`,
      )
      .run(params);
    const postings = readPostings(
      sqlite
        .prepare(
          `${KEYWORD_FEATURES} where pk.keyword_id in (select feature from related_features where feature > 0)
          union all
          ${TOPIC_FEATURES} where pt.topic_id in (select -feature from related_features where feature < 0)
          order by feature, paper`,
        )
        .raw()
        .iterate(params),
    );
    const members = [...new Set(postings.paper)];
    const norms = new Map<number, number>();
    const normsOf = sqlite.prepare(
      `select paper, sqrt(sum(w * w)) from (
        ${KEYWORD_FEATURES} where pk.paper_id in (select value from json_each(@ids))
        union all
        ${TOPIC_FEATURES} where pt.paper_id in (select value from json_each(@ids))
      ) group by paper`,
    );
    for (let i = 0; i < members.length; i += NORM_CHUNK) {
      const ids = JSON.stringify(members.slice(i, i + NORM_CHUNK));
      for (const [paper, norm] of normsOf.raw().all({ ...params, ids }) as [number, number][]) norms.set(paper, norm);
    }

    const lists = rankRelated(postings, norms, scope);
    sqlite.prepare('delete from paper_related where paper_id in (select paper_id from related_scope)').run();
    writeLists(db, lists);
    return { papers: scope.length, full: false };
  } finally {
    sqlite.exec('delete from related_scope; delete from related_features;');
  }
}

/** Recomputes every paper's list. */
export function recomputeAllRelatedPapers(db: Db): RelatedRefresh {
  const n = (db.$client.prepare('select count(*) from papers').pluck().get() as number) || 1;
  return recomputeAll(db, { n, cap: MAX_FEATURE_PAPERS });
}

function recomputeAll(db: Db, params: { n: number; cap: number }): RelatedRefresh {
  const sqlite = db.$client;
  const postings = readPostings(
    sqlite
      .prepare(
        `${KEYWORD_FEATURES} where ${PAIRING_KEYWORD}
        union all
        ${TOPIC_FEATURES} where ${PAIRING_TOPIC}
        order by feature, paper`,
      )
      .raw()
      .iterate(params),
  );
  const norms = new Map(
    sqlite
      .prepare(`select paper, sqrt(sum(w * w)) from (${KEYWORD_FEATURES} union all ${TOPIC_FEATURES}) group by paper`)
      .raw()
      .all(params) as [number, number][],
  );
  const lists = rankRelated(postings, norms, null);
  sqlite.prepare('delete from paper_related').run();
  // Rebuilt once after the writes: kept up to date, it made writing every list four times slower.
  const reverseIndex = sqlite.prepare(`select sql from sqlite_master where type = 'index' and name = 'paper_related_related_paper_idx'`).pluck().get() as string;
  sqlite.exec('drop index paper_related_related_paper_idx');
  writeLists(db, lists);
  sqlite.exec(reverseIndex);
  return { papers: lists.papers, full: true };
}

/** Papers per statement when reading norms by id. */
const NORM_CHUNK = 5_000;

/** feature, paper, df, weight: one paper's weight in one feature. */
type PostingRow = [number, number, number, number];

/** Postings read into columns, sorted by feature then paper. */
export interface Postings {
  feature: number[];
  paper: number[];
  weight: number[];
}

/** Reads postings row by row into columns: a million papers' rows as arrays would not fit. */
function readPostings(rows: Iterable<unknown>): Postings {
  const out: Postings = { feature: [], paper: [], weight: [] };
  for (const row of rows as Iterable<PostingRow>) {
    out.feature.push(row[0]);
    out.paper.push(row[1]);
    out.weight.push(row[3]);
  }
  return out;
}

/** Ranked lists as parallel columns: row i says paper[i]'s rank[i]-th related paper is related[i]. */
export interface RelatedLists {
  /** How many papers were ranked. */
  papers: number;
  paper: Int32Array;
  rank: Int32Array;
  related: Int32Array;
  score: Float64Array;
  length: number;
}

/**
 * The top RELATED_PER_PAPER related papers of each paper in `scope` (every paper in `postings`
 * when null), by cosine over the pairing features in `postings`, each paper's weights divided by
 * its norm over all its features.
 */
export function rankRelated(postings: Postings, norms: ReadonlyMap<number, number>, scope: readonly number[] | null): RelatedLists {
  // Dense indexes for the papers met, in id order (so an index breaks ties as the id would).
  const ids = [...new Set(postings.paper)].sort((a, b) => a - b);
  const index = new Map<number, number>();
  ids.forEach((id, i) => index.set(id, i));

  // Postings by feature (CSR), weights normalised.
  const count = postings.paper.length;
  const postPaper = new Int32Array(count);
  const postWeight = new Float64Array(count);
  const postFeature = new Int32Array(count); // ordinal of each posting's feature
  const featureStart: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i === 0 || postings.feature[i] !== postings.feature[i - 1]) featureStart.push(i);
    const paper = postings.paper[i]!;
    const norm = norms.get(paper) ?? 0;
    postPaper[i] = index.get(paper)!;
    postWeight[i] = norm > 0 ? postings.weight[i]! / norm : 0;
    postFeature[i] = featureStart.length - 1;
  }
  featureStart.push(count);

  // The same postings by paper (CSR), still in feature order within a paper.
  const paperStart = new Int32Array(ids.length + 1);
  for (let i = 0; i < count; i++) paperStart[postPaper[i]! + 1]!++;
  for (let p = 0; p < ids.length; p++) paperStart[p + 1]! += paperStart[p]!;
  const fill = paperStart.slice(0, ids.length);
  const byPaper = new Int32Array(count);
  for (let i = 0; i < count; i++) byPaper[fill[postPaper[i]!]!++] = i;

  const targets = scope ? scope.filter((id) => index.has(id)).map((id) => index.get(id)!) : ids.map((_, i) => i);
  const capacity = targets.length * RELATED_PER_PAPER;
  const out: RelatedLists = {
    papers: targets.length,
    paper: new Int32Array(capacity),
    rank: new Int32Array(capacity),
    related: new Int32Array(capacity),
    score: new Float64Array(capacity),
    length: 0,
  };

  const acc = new Float64Array(ids.length);
  const touched = new Int32Array(ids.length); // papers with a score for the current paper
  // The best so far for one paper, score descending then paper ascending.
  const top = new Int32Array(RELATED_PER_PAPER);
  const topScore = new Float64Array(RELATED_PER_PAPER);
  for (const a of targets) {
    let touchedCount = 0;
    for (let j = paperStart[a]!; j < paperStart[a + 1]!; j++) {
      const own = byPaper[j]!;
      const wa = postWeight[own]!;
      if (wa === 0) continue;
      const f = postFeature[own]!;
      for (let k = featureStart[f]!; k < featureStart[f + 1]!; k++) {
        const b = postPaper[k]!;
        if (b === a) continue;
        if (acc[b] === 0) touched[touchedCount++] = b;
        acc[b]! += wa * postWeight[k]!;
      }
    }
    let kept = 0;
    for (let t = 0; t < touchedCount; t++) {
      const b = touched[t]!;
      const score = acc[b]!;
      acc[b] = 0;
      if (!(score > 0)) continue;
      if (kept === RELATED_PER_PAPER) {
        if (!ranksBefore(score, b, topScore[kept - 1]!, top[kept - 1]!)) continue;
        kept--;
      }
      let at = kept++;
      for (; at > 0 && ranksBefore(score, b, topScore[at - 1]!, top[at - 1]!); at--) {
        top[at] = top[at - 1]!;
        topScore[at] = topScore[at - 1]!;
      }
      top[at] = b;
      topScore[at] = score;
    }
    for (let r = 0; r < kept; r++) {
      const i = out.length++;
      out.paper[i] = ids[a]!;
      out.rank[i] = r + 1;
      out.related[i] = ids[top[r]!]!;
      out.score[i] = topScore[r]!;
    }
  }
  return out;
}

/** Whether paper `b` with `score` ranks before paper `c` with `other`: higher score, then lower id. */
function ranksBefore(score: number, b: number, other: number, c: number): boolean {
  return score > other || (score === other && b < c);
}

/** Rows per INSERT statement: fewer statements to step through, one bound value per column. */
const INSERT_ROWS = 200;

function writeLists(db: Db, lists: RelatedLists): void {
  const sqlite = db.$client;
  const values = (rows: number) => Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ');
  const insertMany = sqlite.prepare(`insert into paper_related (paper_id, rank, related_paper_id, score) values ${values(INSERT_ROWS)}`);
  const args: number[] = new Array(INSERT_ROWS * 4);
  let i = 0;
  for (; i + INSERT_ROWS <= lists.length; i += INSERT_ROWS) {
    for (let r = 0; r < INSERT_ROWS; r++) {
      args[r * 4] = lists.paper[i + r]!;
      args[r * 4 + 1] = lists.rank[i + r]!;
      args[r * 4 + 2] = lists.related[i + r]!;
      args[r * 4 + 3] = lists.score[i + r]!;
    }
    insertMany.run(args);
  }
  if (i < lists.length) {
    const rest = lists.length - i;
    const tail: number[] = [];
    for (let r = 0; r < rest; r++) tail.push(lists.paper[i + r]!, lists.rank[i + r]!, lists.related[i + r]!, lists.score[i + r]!);
    sqlite.prepare(`insert into paper_related (paper_id, rank, related_paper_id, score) values ${values(rest)}`).run(tail);
  }
}
