/**
 * An in-memory, columnar copy of what facets count, per paper: its year, whether it has code, its
 * topics with their ancestors, its frameworks and its repositories' owners. A filtered facet
 * request then reads only the ids of its papers (one statement) and counts over typed arrays:
 * milliseconds where grouping in SQL took seconds at a million papers (bench/README.md, "Facets"),
 * with the same results.
 *
 * The index belongs to one catalogue version. Every request reads the version in the same
 * statement as its ids, and an index of another version is never used: the request is answered by
 * the SQL path (`countFacets`) and a new index is built. A small catalogue (ids below
 * `SYNC_BUILD_LIMIT`) is indexed at once, within the call that needs it; a large one in chunks
 * between which the event loop runs other requests, swapped in only when complete and only if
 * the catalogue did not change meanwhile. One index per process and database connection
 * (`createApp` starts it), so each server worker holds its own.
 */
import type { TopicKind } from '../../schema/tables.ts';
import type { Db } from './client.ts';
import { compareText } from './keyset.ts';
import {
  countFacets,
  isWholeCatalogue,
  readFacetIndexExtent,
  readMatchingPaperIds,
  readPaperFrameworks,
  readPaperLinks,
  readPaperTopics,
  readPaperYears,
  readRepositoryOwners,
  readTopicTree,
  sortFacetValues,
  type FacetRequest,
  type FacetResult,
  type FacetScope,
  type FacetValue,
  type YearCursor,
} from './queries/facets.ts';

/**
 * Catalogues whose paper ids stay below this are indexed at once, within the call that needs it
 * (about 0.1 s at the limit; a few milliseconds for the bundled sample, so tests see the index
 * at once), larger ones in the background.
 */
const SYNC_BUILD_LIMIT = 20_000;
/** Papers (by id, or by date for years) read per step of a build: a step holds the event loop for tens of milliseconds. */
const CHUNK = 25_000;

/** The year of papers without a date (not 0: SQL reads a date of '' as year 0). Years of ISO dates fit 16 bits. */
const NO_YEAR = -32768;
const EXISTS = 1;
const HAS_CODE = 2;
const KINDS: readonly TopicKind[] = ['THEME', 'TASK', 'CATEGORY'];

/** A list per paper, compressed: paper `id`'s values are `values[offsets[id]]` up to `values[offsets[id + 1]]`. */
interface PaperLists {
  offsets: Uint32Array;
  values: Int32Array;
}

export interface FacetIndex {
  version: number;
  /** Paper ids are below this. */
  size: number;
  /** Per paper id: EXISTS and HAS_CODE bits. */
  flags: Uint8Array;
  years: Int16Array;
  /** Each paper's topics and all their ancestors, each once. */
  topics: PaperLists;
  /** Per topic id: its kind's place in KINDS. */
  topicKinds: Uint8Array;
  /** Each paper's frameworks (lower-case), as places in `frameworkNames`, each once. */
  frameworks: PaperLists;
  /** Sorted as SQLite sorts text, so that a place orders values as the SQL path does. */
  frameworkNames: string[];
  /** Each paper's repository owners as spelled, as places in `spellings`, each once and ascending. */
  owners: PaperLists;
  /** Distinct (owner key, owner) pairs, sorted by key then spelling as SQLite sorts text. */
  spellings: string[];
  /** Per spelling: its owner key's place in `ownerKeys`. */
  spellingKeys: Int32Array;
  ownerKeys: string[];
}

/** Bytes the index holds in typed arrays (its strings, a few per framework and owner, aside). */
export function facetIndexBytes(index: FacetIndex): number {
  const lists = [index.topics, index.frameworks, index.owners];
  return (
    index.flags.byteLength +
    index.years.byteLength +
    index.topicKinds.byteLength +
    index.spellingKeys.byteLength +
    lists.reduce((sum, l) => sum + l.offsets.byteLength + l.values.byteLength, 0)
  );
}

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  /** A copy of exactly the values pushed. */
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Fills a PaperLists in paper id order. */
class ListsBuilder {
  readonly offsets: Uint32Array;
  readonly values = new IntList();
  /** Papers below this have their offsets set. */
  private next = 0;
  constructor(size: number) {
    this.offsets = new Uint32Array(size + 1);
  }
  /** Starts paper `id`'s list (ids ascending); the papers between keep empty lists. */
  start(id: number): void {
    while (this.next <= id) this.offsets[this.next++] = this.values.length;
  }
  done(): PaperLists {
    while (this.next < this.offsets.length) this.offsets[this.next++] = this.values.length;
    return { offsets: this.offsets, values: this.values.done() };
  }
}

/**
 * Builds the index as a sequence of steps (each yield is a point where a background build lets
 * other work run). Returns null when the catalogue changed while it was read.
 */
function* buildSteps(db: Db, chunk = CHUNK): Generator<void, FacetIndex | null> {
  const { version, maxPaperId, maxRepositoryId } = readFacetIndexExtent(db);
  const size = maxPaperId + 1;

  // Topics: each topic's ancestors (itself included), as the SQL path's topic tree holds them.
  const tree = readTopicTree(db);
  const maxTopicId = tree.reduce((max, [id]) => Math.max(max, id), 0);
  const parents = new Int32Array(maxTopicId + 1).fill(-1);
  const topicKinds = new Uint8Array(maxTopicId + 1);
  for (const [id, parentId, kind] of tree) {
    if (parentId !== null && parentId <= maxTopicId) parents[id] = parentId;
    topicKinds[id] = KINDS.indexOf(kind);
  }
  const exists = new Uint8Array(maxTopicId + 1);
  for (const [id] of tree) exists[id] = 1;
  const ancestors: number[][] = [];
  for (const [id] of tree) {
    const chain: number[] = [];
    // A parent that is not a topic ends the chain, as the tree's join does; a cycle never
    // terminates there, so stop after as many steps as there are topics.
    for (let t = id; t >= 0 && exists[t] && chain.length <= tree.length; t = parents[t]!) chain.push(t);
    ancestors[id] = chain;
  }

  // Owners: every (key, spelling) pair gets a place in sorted order, every repository its pair's.
  type Pair = { key: string; spelling: string; place: number };
  const pairs = new Map<string, Pair>();
  const repositoryPair: Pair[] = [];
  for (let from = 0; from <= maxRepositoryId; from += chunk) {
    for (const [id, key, spelling] of readRepositoryOwners(db, from, from + chunk)) {
      let pair = pairs.get(spelling);
      if (!pair) pairs.set(spelling, (pair = { key, spelling, place: -1 }));
      else if (pair.key !== key) {
        // A spelling has one key (its lower case) as the importer writes them; should one have
        // two, each pair is its own value (a key never holds a NUL).
        const pairKey = `${key}\u0000${spelling}`;
        pair = pairs.get(pairKey) ?? pairs.set(pairKey, { key, spelling, place: -1 }).get(pairKey)!;
      }
      repositoryPair[id] = pair;
    }
    yield;
  }
  const sortedPairs = [...pairs.values()].sort((a, b) => compareText(a.key, b.key) || compareText(a.spelling, b.spelling));
  const spellings: string[] = [];
  const spellingKeys = new Int32Array(sortedPairs.length);
  const ownerKeys: string[] = [];
  sortedPairs.forEach((pair, place) => {
    pair.place = place;
    spellings.push(pair.spelling);
    if (ownerKeys.at(-1) !== pair.key) ownerKeys.push(pair.key);
    spellingKeys[place] = ownerKeys.length - 1;
  });
  const repositorySpelling = new Int32Array(maxRepositoryId + 1).fill(-1);
  repositoryPair.forEach((pair, id) => (repositorySpelling[id] = pair.place));
  pairs.clear();
  repositoryPair.length = 0;
  yield;

  const flags = new Uint8Array(size);
  const years = new Int16Array(size).fill(NO_YEAR);
  for (let cursor: YearCursor | null = { dated: false, id: -1 }; cursor; ) {
    const read = readPaperYears(db, cursor, chunk);
    for (const value of read.values) {
      const id = Math.floor(value / 65536);
      const place = value - id * 65536;
      flags[id] = EXISTS;
      years[id] = place === 0 ? NO_YEAR : place - 32768;
    }
    cursor = read.next;
    yield;
  }

  // Rows come as `paper id * bound + other id`: bounds above every id keep them apart.
  const topicBound = maxTopicId + 1;
  const repositoryBound = maxRepositoryId + 1;
  if (size * Math.max(topicBound, repositoryBound) > Number.MAX_SAFE_INTEGER) throw new Error('ids too large for the facet index');
  const topics = new ListsBuilder(size);
  const frameworks = new ListsBuilder(size);
  const owners = new ListsBuilder(size);
  // Frameworks get places as met, sorted at the end.
  const frameworkPlaces = new Map<string, number>();
  const topicSeen = new Int32Array(maxTopicId + 1).fill(-1);
  const paperOwners: number[] = [];

  for (let from = 0; from < size; from += chunk) {
    const to = from + chunk;
    for (const value of readPaperTopics(db, from, to, topicBound)) {
      const id = Math.floor(value / topicBound);
      topics.start(id);
      for (const t of ancestors[value - id * topicBound] ?? []) {
        if (topicSeen[t] === id) continue;
        topicSeen[t] = id;
        topics.values.push(t);
      }
    }
    const links = readPaperLinks(db, from, to, repositoryBound);
    for (let i = 0; i < links.length; ) {
      const id = Math.floor(links[i]! / repositoryBound);
      flags[id]! |= HAS_CODE;
      paperOwners.length = 0;
      for (; i < links.length && Math.floor(links[i]! / repositoryBound) === id; i++) {
        const spelling = repositorySpelling[links[i]! - id * repositoryBound] ?? -1;
        if (spelling >= 0 && !paperOwners.includes(spelling)) paperOwners.push(spelling);
      }
      owners.start(id);
      // Ascending, so that a paper's spellings of one owner key sit together (see tallyOwners).
      for (const s of paperOwners.sort((a, b) => a - b)) owners.values.push(s);
    }
    let paper = -1;
    let first = 0;
    for (const [id, framework] of readPaperFrameworks(db, from, to)) {
      if (id !== paper) {
        frameworks.start((paper = id));
        first = frameworks.values.length;
      }
      let place = frameworkPlaces.get(framework);
      if (place === undefined) frameworkPlaces.set(framework, (place = frameworkPlaces.size));
      if (!frameworks.values.data.subarray(first, frameworks.values.length).includes(place)) frameworks.values.push(place);
    }
    yield;
  }

  // Frameworks were numbered as met: renumber them in sorted order.
  const frameworkNames = [...frameworkPlaces.keys()].sort(compareText);
  const renumber = new Int32Array(frameworkNames.length);
  for (const [name, place] of frameworkPlaces) renumber[place] = frameworkNames.indexOf(name);
  const frameworkLists = frameworks.done();
  for (let i = 0; i < frameworkLists.values.length; i++) frameworkLists.values[i] = renumber[frameworkLists.values[i]!]!;

  // An import committed meanwhile may have changed what was read before it: start again later.
  if (readFacetIndexExtent(db).version !== version) return null;
  return {
    version,
    size,
    flags,
    years,
    topics: topics.done(),
    topicKinds,
    frameworks: frameworkLists,
    frameworkNames,
    owners: owners.done(),
    spellings,
    spellingKeys,
    ownerKeys,
  };
}

/** Builds the whole index at once. Null when the catalogue changed while it was read. */
export function buildFacetIndex(db: Db, chunk = CHUNK): FacetIndex | null {
  const steps = buildSteps(db, chunk);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export interface FacetIndexOptions {
  /** Off: facets are counted in SQL alone, and no index is kept. */
  enabled: boolean;
  /** Catalogues with paper ids below this are indexed at once. */
  syncBuildLimit: number;
  /** Rows read per build step. */
  chunk: number;
}

interface IndexState {
  options: FacetIndexOptions;
  index: FacetIndex | null;
  /** The background build under way, if any. */
  building: { cancel(): void } | null;
  /** A catalogue version whose build failed: not tried again (facets count in SQL) until it changes. */
  failedVersion: number | null;
}

const states = new WeakMap<Db['$client'], IndexState>();

function stateOf(db: Db): IndexState {
  let state = states.get(db.$client);
  if (!state) states.set(db.$client, (state = { options: { enabled: true, syncBuildLimit: SYNC_BUILD_LIMIT, chunk: CHUNK }, index: null, building: null, failedVersion: null }));
  return state;
}

/**
 * Builds `db`'s index in steps, letting other work run between them; `done` gets the index (or
 * null when the catalogue changed meanwhile or the database closed, with the error when a read
 * failed). Never keeps the process alive, and stops when the database is closed.
 */
function buildInBackground(db: Db, chunk: number, done: (index: FacetIndex | null, error?: unknown) => void): { cancel(): void } {
  const steps = buildSteps(db, chunk);
  let cancelled = false;
  const step = () => {
    if (cancelled) return;
    // Inside a transaction (an import under way on this connection) reads may see uncommitted
    // rows under the old version: build nothing from them.
    if (!db.$client.open || db.$client.inTransaction) return done(null);
    let next: IteratorResult<void, FacetIndex | null>;
    try {
      next = steps.next();
    } catch (error) {
      return done(null, db.$client.open ? error : undefined);
    }
    if (next.done) done(next.value);
    else setImmediate(step).unref();
  };
  setImmediate(step).unref();
  return { cancel: () => (cancelled = true) };
}

/**
 * Makes sure `db` has (or is getting) an index of the current catalogue: built at once for a small
 * catalogue, else started in the background. Returns the index when it is ready now.
 */
function refresh(db: Db, state: IndexState): FacetIndex | null {
  if (state.building || db.$client.inTransaction) return null;
  const { version, maxPaperId } = readFacetIndexExtent(db);
  if (state.index?.version === version) return state.index;
  // A stale index is never used again: free it before building the next.
  state.index = null;
  // A build that failed would fail again on every request: SQL answers until the catalogue changes.
  if (state.failedVersion === version) return null;
  const failed = (error: unknown) => {
    state.failedVersion = version;
    console.warn(`Facet index not built (facets are counted in SQL until the catalogue changes): ${error instanceof Error ? error.message : String(error)}`);
  };
  if (maxPaperId < state.options.syncBuildLimit) {
    try {
      return (state.index = buildFacetIndex(db, state.options.chunk));
    } catch (error) {
      failed(error);
      return null;
    }
  }
  state.building = buildInBackground(db, state.options.chunk, (index, error) => {
    state.building = null;
    if (index) state.index = index;
    else if (error !== undefined) failed(error);
  });
  return null;
}

/**
 * Starts indexing `db` (the server calls this when it starts, so that the first facet request
 * usually finds the index ready). Does nothing on a database that cannot be read yet.
 */
export function warmFacetIndex(db: Db): void {
  const state = stateOf(db);
  if (!state.options.enabled) return;
  try {
    refresh(db, state);
  } catch {
    // Not migrated (or not a catalogue): requests will say so; the index is built on first use.
  }
}

/**
 * Changes how `db`'s index is kept, dropping the current one (built again when next needed):
 * off to count in SQL alone (comparing the two paths; saving the memory), and the build's sizes.
 */
export function configureFacetIndex(db: Db, options: Partial<FacetIndexOptions>): void {
  const state = stateOf(db);
  state.building?.cancel();
  state.building = null;
  state.index = null;
  state.options = { ...state.options, ...options };
}

/** Whether a background build of `db`'s index is under way. */
export function isFacetIndexBuilding(db: Db): boolean {
  return stateOf(db).building !== null;
}

/** `db`'s index if it is complete (of whatever version). */
export function currentFacetIndex(db: Db): FacetIndex | null {
  return stateOf(db).index;
}

/**
 * Counts the facets asked for over the papers of `scope`: from the stored counts for the whole
 * catalogue, from the index when it is of the current version, else in SQL (starting a new
 * index). The results are those of `countFacets` in every case.
 */
export function facetCounts(db: Db, scope: FacetScope, requests: readonly FacetRequest[]): FacetResult[] {
  const state = stateOf(db);
  // Within a transaction this connection may see rows not yet committed under a new version: SQL sees them as they are.
  if (!requests.length || !state.options.enabled || db.$client.inTransaction || isWholeCatalogue(scope)) return countFacets(db, scope, requests);
  let index = state.index;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (index) {
      const { version, ids } = readMatchingPaperIds(db, scope);
      if (version === index.version) return countInIndex(index, ids, requests);
    }
    index = refresh(db, state);
    if (!index) break;
  }
  return countFacets(db, scope, requests);
}

/** Counts per value of one facet over `ids`, with what picking and showing the values needs. */
interface Tally {
  /** Count per value place. */
  counts: Int32Array;
  /** The value at a place (places of text values follow SQLite's order of the text). */
  key(place: number): string | number | null;
  label?(place: number): string | null;
}

/** How many of the papers `ids` hold each value of a per-paper list (each value once per paper). */
function countListValues(index: FacetIndex, lists: PaperLists, values: number, ids: readonly number[]): Int32Array {
  const counts = new Int32Array(values);
  const { offsets, values: places } = lists;
  for (const id of ids) {
    if (!(index.flags[id]! & EXISTS)) continue;
    for (let j = offsets[id]!, end = offsets[id + 1]!; j < end; j++) counts[places[j]!]!++;
  }
  return counts;
}

function tallyTopics(index: FacetIndex, ids: readonly number[]): Tally {
  return { counts: countListValues(index, index.topics, index.topicKinds.length, ids), key: (place) => place };
}

/** Years by place `year - NO_YEAR`: place 0 is the unknown year. */
function tallyYears(index: FacetIndex, ids: readonly number[]): Tally {
  const counts = new Int32Array(65536);
  for (const id of ids) if (index.flags[id]! & EXISTS) counts[index.years[id]! - NO_YEAR]!++;
  return { counts, key: (place) => (place === 0 ? null : place + NO_YEAR) };
}

function tallyHasCode(index: FacetIndex, ids: readonly number[]): Tally {
  const counts = new Int32Array(2);
  for (const id of ids) {
    const flags = index.flags[id]!;
    if (flags & EXISTS) counts[flags & HAS_CODE ? 1 : 0]!++;
  }
  return { counts, key: (place) => place };
}

function tallyFrameworks(index: FacetIndex, ids: readonly number[]): Tally {
  const counts = countListValues(index, index.frameworks, index.frameworkNames.length, ids);
  return { counts, key: (place) => index.frameworkNames[place]! };
}

/** Papers per owner key, each once; the label is the least spelling among the papers' repositories. */
function tallyOwners(index: FacetIndex, ids: readonly number[]): Tally {
  const counts = new Int32Array(index.ownerKeys.length);
  const least = new Int32Array(index.ownerKeys.length).fill(0x7fffffff);
  const { offsets, values } = index.owners;
  const { spellingKeys } = index;
  for (const id of ids) {
    if (!(index.flags[id]! & EXISTS)) continue;
    let previous = -1;
    for (let j = offsets[id]!, end = offsets[id + 1]!; j < end; j++) {
      const spelling = values[j]!;
      const key = spellingKeys[spelling]!;
      // Spellings ascend, so one key's sit together: the first of them is the least.
      if (key === previous) continue;
      previous = key;
      counts[key]!++;
      if (spelling < least[key]!) least[key] = spelling;
    }
  }
  return { counts, key: (place) => index.ownerKeys[place]!, label: (place) => index.spellings[least[place]!]! };
}

const TALLIES = {
  topics: tallyTopics,
  years: tallyYears,
  hasCode: tallyHasCode,
  frameworks: tallyFrameworks,
  owners: tallyOwners,
} satisfies Record<FacetRequest['facet'], (index: FacetIndex, ids: readonly number[]) => Tally>;

/**
 * The `first` values of a tally in the SQL path's order: years by place descending (the unknown
 * year, place 0, last); the rest by count descending, then place ascending (places follow the
 * keys' order in SQLite).
 */
function pick(tally: Tally, request: FacetRequest, index: FacetIndex): FacetResult {
  const { counts } = tally;
  const kind = request.kind ? KINDS.indexOf(request.kind) : -1;
  const candidates: number[] = [];
  for (let place = 0; place < counts.length; place++) {
    if (counts[place]! > 0 && (kind < 0 || index.topicKinds[place] === kind)) candidates.push(place);
  }
  // LIMIT 0 returns no rows, and with them no total: the SQL path's answer to `first: 0`.
  if (request.first === 0) return { values: [], valueCount: 0 };
  const before =
    request.facet === 'years'
      ? (a: number, b: number) => (a > b ? -1 : 1)
      : (a: number, b: number) => counts[b]! - counts[a]! || a - b;
  const top = topK(candidates, request.first, before);
  const values: FacetValue[] = top.map((place) => ({ key: tally.key(place), label: tally.label?.(place) ?? null, count: counts[place]! }));
  return { values: sortFacetValues(values, request), valueCount: candidates.length };
}

/** The `k` first of `items` by `order`, in order: a bounded insertion, since `k` is at most 100. */
function topK(items: number[], k: number, order: (a: number, b: number) => number): number[] {
  if (items.length <= k) return items.sort(order);
  const top: number[] = [];
  for (const item of items) {
    if (top.length === k && order(item, top[k - 1]!) >= 0) continue;
    let at = top.length;
    while (at > 0 && order(item, top[at - 1]!) < 0) at--;
    top.splice(at, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

/** Counts the facets over `ids` in the index (a facet asked twice, e.g. topics of two kinds, is counted once). */
function countInIndex(index: FacetIndex, ids: readonly number[], requests: readonly FacetRequest[]): FacetResult[] {
  const tallies = new Map<FacetRequest['facet'], Tally>();
  return requests.map((request) => {
    let tally = tallies.get(request.facet);
    if (!tally) tallies.set(request.facet, (tally = TALLIES[request.facet](index, ids)));
    return pick(tally, request, index);
  });
}
