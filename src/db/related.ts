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
 * SQL computes the weights and norms; the pairing runs in memory over typed arrays: as one SQL
 * statement (GROUP BY over the pairs, then a window sort) every list took 2.9 times as long at
 * 100,000 papers (bench/README.md, "Related papers").
 */
import type { Db } from './client.ts';
import { dropIndexes, restoreDefinitions } from './deferred-schema.ts';
import { jsonArrayParts } from './prepared.ts';

/** How many related papers each paper keeps: the most `Paper.related` can return. */
export const RELATED_PER_PAPER = 20;

/** Features shared by more papers than this are not used to find pairs (see above). */
export const MAX_FEATURE_PAPERS = 100;

/**
 * When an import changed more than this share of the catalogue, every list is recomputed: one pass
 * over everything is then cheaper than finding and merging the lists the changed papers touch.
 */
const FULL_REFRESH_SHARE = 1 / 300;

/** What a topic counts for next to a keyword of the same rarity. */
const TOPIC_FACTOR = `(case t.kind when 'TASK' then 1.0 else 0.5 end)`;

/** (feature, paper, weight) of every keyword of a paper; `feature` is the keyword id. */
const KEYWORD_FEATURES = `select pk.keyword_id as feature, pk.paper_id as paper,
    pk.weight * ln(@n / max(k.paper_count, 1)) as w
  from paper_keywords pk join keywords k on k.id = pk.keyword_id`;

/** The same for topics; `feature` is the topic id negated, so it never equals a keyword id. */
const TOPIC_FEATURES = `select -pt.topic_id as feature, pt.paper_id as paper,
    pt.score * ${TOPIC_FACTOR} * ln(@n / max(t.paper_count, 1)) as w
  from paper_topics pt join topics t on t.id = pt.topic_id`;

/** A feature that pairs papers: shared, and by few enough. */
const PAIRING_KEYWORD = `k.paper_count between 2 and @cap`;
const PAIRING_TOPIC = `t.paper_count between 2 and @cap`;

export interface RelatedRefresh {
  /** Papers whose lists were computed from scratch. */
  papers: number;
  /** Lists of other papers that changed papers entered, merged without recomputing them. */
  merged: number;
  /** Whether every list was recomputed. */
  full: boolean;
  /** Milliseconds reading weights, ranking in memory and writing the lists (with the index). */
  timings?: { read: number; rank: number; write: number };
}

/**
 * Brings the related lists up to date after an import that gave `changedVersion` to the papers it
 * added or changed (papers.changed_version). Those papers get new lists. Every other paper that
 * scores with one of them, or whose list names one, has its list merged: the changed papers leave
 * it and re-enter it with their new scores, and where that leaves a full list short, it is
 * recomputed. Other entries keep the scores of their last computation (document frequencies drift
 * a little with every import). Every list is recomputed instead when the changed papers are a
 * large part of the catalogue, or when the lists were never computed (a catalogue migrated from
 * before they existed). Runs inside the import's transaction: a failed import leaves the lists as
 * they were.
 */
export function refreshRelatedPapers(db: Db, changedVersion: number): RelatedRefresh {
  const sqlite = db.$client;
  const params = { n: paperCount(db), cap: MAX_FEATURE_PAPERS };
  const changed = sqlite.prepare('select id from papers where changed_version = ? order by id').pluck().all(changedVersion) as number[];
  if (!changed.length) return { papers: 0, merged: 0, full: false };
  // No lists yet (a catalogue migrated from before them): the first import that changes
  // something computes them all.
  const noLists = !sqlite.prepare('select 1 from paper_related limit 1').get();
  if (noLists || changed.length > params.n * FULL_REFRESH_SHARE) return recomputeAll(db, params);

  // New lists for the changed papers, and every score between a changed paper and another.
  const isChanged = new Set(changed);
  const entering = new Map<number, Entry[]>();
  const own = computeLists(db, params, changed, (a, b, score) => {
    if (isChanged.has(b)) return;
    let list = entering.get(b);
    if (!list) entering.set(b, (list = []));
    list.push({ paper: a, score });
  });

  // The lists of other papers the changed papers enter or leave.
  const listing = sqlite.prepare('select distinct paper_id from paper_related where related_paper_id in (select value from json_each(?))').pluck();
  for (const part of jsonArrayParts(changed, ID_CHUNK)) {
    for (const paper of listing.all(part) as number[]) if (!isChanged.has(paper) && !entering.has(paper)) entering.set(paper, []);
  }
  const others = [...entering.keys()].sort((a, b) => a - b);
  const stored = new Map<number, Entry[]>();
  const listsOf = sqlite.prepare('select paper_id, related_paper_id, score from paper_related where paper_id in (select value from json_each(?)) order by paper_id, rank').raw();
  for (const part of jsonArrayParts(others, ID_CHUNK)) {
    for (const [paper, related, score] of listsOf.all(part) as [number, number, number][]) {
      let list = stored.get(paper);
      if (!list) stored.set(paper, (list = []));
      list.push({ paper: related, score });
    }
  }
  const merged: RelatedLists = emptyLists(others.length);
  const short: number[] = [];
  for (const paper of others) {
    const before = stored.get(paper) ?? [];
    const kept = before.filter((e) => !isChanged.has(e.paper));
    // A full list that held a changed paper: the paper may now score lower, or not at all, and
    // the papers that ranked below the 20th were not kept. Recompute it.
    if (before.length === RELATED_PER_PAPER && kept.length < before.length) {
      short.push(paper);
      continue;
    }
    const list = [...kept, ...entering.get(paper)!].sort((x, y) => (ranksBefore(x.score, x.paper, y.score, y.paper) ? -1 : 1)).slice(0, RELATED_PER_PAPER);
    list.forEach((e, i) => pushEntry(merged, paper, i + 1, e.paper, e.score));
  }
  const recomputed = short.length ? computeLists(db, params, short) : emptyLists(0);

  const remove = sqlite.prepare('delete from paper_related where paper_id in (select value from json_each(?))');
  for (const part of jsonArrayParts([...changed, ...others], ID_CHUNK)) remove.run(part);
  for (const lists of [own, merged, recomputed]) writeLists(db, lists);
  return { papers: changed.length + short.length, merged: others.length - short.length, full: false };
}

/** Recomputes every paper's list. */
export function recomputeAllRelatedPapers(db: Db): RelatedRefresh {
  return recomputeAll(db, { n: paperCount(db), cap: MAX_FEATURE_PAPERS });
}

type Params = { n: number; cap: number };

function paperCount(db: Db): number {
  return (db.$client.prepare('select count(*) from papers').pluck().get() as number) || 1;
}

function recomputeAll(db: Db, params: Params): RelatedRefresh {
  const sqlite = db.$client;
  const t0 = performance.now();
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
  const norms = new Map<number, number>();
  // The ranges on the key's first column (every paper id is positive) make SQLite read each table
  // in key order; without them it scans the reverse index and looks every row up in the key, which
  // took twice as long (bench/README.md).
  const allNorms = sqlite
    .prepare(`select paper, sqrt(sum(w * w)) from (${KEYWORD_FEATURES} where pk.paper_id > 0 union all ${TOPIC_FEATURES} where pt.paper_id > 0) group by paper`)
    .raw();
  for (const [paper, norm] of allNorms.iterate(params) as Iterable<[number, number]>) norms.set(paper, norm);
  const t1 = performance.now();
  sqlite.prepare('delete from paper_related').run();
  // Rebuilt once after the writes: kept up to date, it made writing every list four times slower.
  const reverseIndex = dropIndexes(db, ['paper_related_related_paper_idx']);
  let write = 0;
  const lists = rankRelated(postings, norms, null, undefined, (batch) => {
    const t = performance.now();
    writeLists(db, batch);
    write += performance.now() - t;
  });
  const t2 = performance.now();
  const rank = t2 - t1 - write;
  restoreDefinitions(db, reverseIndex);
  write += performance.now() - t2;
  return { papers: lists.papers, merged: 0, full: true, timings: { read: t1 - t0, rank, write } };
}

/**
 * The lists of some papers, from the postings of their pairing features only; `onPair` hears every
 * score of one of them with another paper, listed or not.
 */
function computeLists(db: Db, params: Params, papers: readonly number[], onPair?: PairListener): RelatedLists {
  const sqlite = db.$client;
  sqlite.exec('create temp table if not exists related_features (feature integer primary key)');
  try {
    const collect = sqlite.prepare(
      `insert or ignore into related_features
      select pk.keyword_id from paper_keywords pk join keywords k on k.id = pk.keyword_id
      where pk.paper_id in (select value from json_each(@ids)) and ${PAIRING_KEYWORD}
      union all
      select -pt.topic_id from paper_topics pt join topics t on t.id = pt.topic_id
      where pt.paper_id in (select value from json_each(@ids)) and ${PAIRING_TOPIC}`,
    );
    for (const part of jsonArrayParts(papers, ID_CHUNK)) collect.run({ ...params, ids: part });
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
    const norms = new Map<number, number>();
    const normsOf = sqlite
      .prepare(
        `select paper, sqrt(sum(w * w)) from (
          ${KEYWORD_FEATURES} where pk.paper_id in (select value from json_each(@ids))
          union all
          ${TOPIC_FEATURES} where pt.paper_id in (select value from json_each(@ids))
        ) group by paper`,
      )
      .raw();
    for (const part of jsonArrayParts([...new Set(postings.paper)], ID_CHUNK)) {
      for (const [paper, norm] of normsOf.all({ ...params, ids: part }) as [number, number][]) norms.set(paper, norm);
    }
    return rankRelated(postings, norms, papers, onPair);
  } finally {
    sqlite.exec('delete from related_features');
  }
}

interface Entry {
  paper: number;
  score: number;
}

type PairListener = (paper: number, other: number, score: number) => void;

/** Ids per statement when a list of ids is passed as JSON. */
const ID_CHUNK = 5_000;

/** feature, paper, weight: one paper's weight in one feature. */
type PostingRow = [number, number, number];

/** Postings read into columns, sorted by feature then paper. */
interface Postings {
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
    out.weight.push(row[2]);
  }
  return out;
}

/** Ranked lists as parallel columns: row i says paper[i]'s rank[i]-th related paper is related[i]. */
interface RelatedLists {
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
function rankRelated(
  postings: Postings,
  norms: ReadonlyMap<number, number>,
  scope: readonly number[] | null,
  onPair?: PairListener,
  flush?: (lists: RelatedLists) => void,
): RelatedLists {
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
  // With `flush`, lists leave in batches: a million papers' lists would take 400 MB at once.
  const out = emptyLists(flush ? Math.min(targets.length, FLUSH_PAPERS) : targets.length);
  out.papers = targets.length;

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
      onPair?.(ids[a]!, ids[b]!, score);
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
    if (flush && out.length + RELATED_PER_PAPER > out.paper.length) flush(out), (out.length = 0);
    for (let r = 0; r < kept; r++) pushEntry(out, ids[a]!, r + 1, ids[top[r]!]!, topScore[r]!);
  }
  if (flush && out.length) flush(out), (out.length = 0);
  return out;
}

/** Papers whose lists are held in memory at once when ranking every paper. */
const FLUSH_PAPERS = 10_000;

/** Room for the lists of `papers` papers. */
function emptyLists(papers: number): RelatedLists {
  const capacity = papers * RELATED_PER_PAPER;
  return {
    papers,
    paper: new Int32Array(capacity),
    rank: new Int32Array(capacity),
    related: new Int32Array(capacity),
    score: new Float64Array(capacity),
    length: 0,
  };
}

function pushEntry(lists: RelatedLists, paper: number, rank: number, related: number, score: number): void {
  const i = lists.length++;
  lists.paper[i] = paper;
  lists.rank[i] = rank;
  lists.related[i] = related;
  lists.score[i] = score;
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
  // The rest one row at a time: fewer than INSERT_ROWS, and one statement text instead of one per size.
  const insertOne = sqlite.prepare(`insert into paper_related (paper_id, rank, related_paper_id, score) values ${values(1)}`);
  for (; i < lists.length; i++) insertOne.run(lists.paper[i]!, lists.rank[i]!, lists.related[i]!, lists.score[i]!);
}
