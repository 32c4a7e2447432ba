import { toFtsQuery } from '../../db/fts-query.ts';
import { countSearchHits, MATCH_END, MATCH_START, searchPapers, type SearchHit } from '../../db/queries/search.ts';
import { builder } from '../builder.ts';
import { ErrorCode, userError } from '../errors.ts';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor, itemsAsked, readPage } from '../pagination.ts';
import { PaperRef } from '../refs.ts';
import type { FacetScope } from '../../db/queries/facets.ts';
import { PaperFacets } from './facets.ts';
import { PaperFilterInput, toPaperFilter } from './paper-list.ts';

/** Ranked results reachable by paging; past this, list with `papers(filter: { keyword })`. */
export const SEARCH_WINDOW = 1000;
const ORDER = 'relevance';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** HTML-safe text with matches in <mark>: escape first, then turn the markers into tags. */
function toHighlightedHtml(marked: string): string {
  return escapeHtml(marked).replaceAll(MATCH_START, '<mark>').replaceAll(MATCH_END, '</mark>');
}

const SearchSnippet = builder.objectRef<SearchHit>('SearchSnippet').implement({
  description: 'The matched text, HTML-escaped, with every match wrapped in `<mark>…</mark>`.',
  fields: (t) => ({
    title: t.string({ description: 'The whole title, highlighted.', resolve: (hit) => toHighlightedHtml(hit.titleHighlight) }),
    abstract: t.string({
      description: 'The passage of the abstract around the best matches (`…` marks cut text), highlighted.',
      resolve: (hit) => toHighlightedHtml(hit.abstractSnippet),
    }),
  }),
});

/** A search result's cursor: its position in the ranking (encoded only when asked for). */
const searchCursor = (position: number) => encodeCursor(ORDER, [position]);

const SearchEdge = builder.objectRef<SearchHit & { position: number }>('SearchEdge').implement({
  description: 'A search result: the paper, its relevance and its highlighted matches.',
  fields: (t) => ({
    cursor: t.string({ description: 'An opaque cursor for paging from this result (`after:`).', resolve: (e) => searchCursor(e.position) }),
    node: t.field({ type: PaperRef, description: 'The paper.', resolve: (hit) => hit.paper }),
    score: t.exposeFloat('score', { description: 'Relevance (bm25, title weighted above abstract); higher is better.' }),
    snippet: t.field({ type: SearchSnippet, description: 'Highlighted title and abstract passage.', resolve: (hit) => hit }),
  }),
});

interface SearchPage {
  edges: (SearchHit & { position: number })[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => number;
  facetScope: FacetScope;
}

const SearchPageInfo = builder.objectRef<SearchPage>('SearchPageInfo');

const SearchConnection = builder.objectRef<SearchPage>('SearchConnection').implement({
  description: `A page of search results, best first. The first ${SEARCH_WINDOW} results can be paged through.`,
  fields: (t) => ({
    // Already multiplied by `first` on the search field.
    edges: t.field({ type: [SearchEdge], description: 'The results of this page.', complexity: { field: 0, multiplier: 1 }, resolve: (page) => page.edges }),
    nodes: t.field({
      type: [PaperRef],
      description: 'The papers of this page.',
      complexity: { field: 0, multiplier: 1 },
      resolve: (page) => page.edges.map((e) => e.paper),
    }),
    pageInfo: t.field({ type: SearchPageInfo, description: 'Paging information for this page.', resolve: (page) => page }),
    totalCount: t.int({ description: 'How many papers match in all (also beyond the pageable window).', resolve: (page) => page.totalCount() }),
    facets: t.field({
      type: PaperFacets,
      description: 'Counts over every matching paper (also beyond the pageable window) by topic, year, code, framework and repository owner.',
      resolve: (page) => page.facetScope,
    }),
  }),
});

SearchPageInfo.implement({
  description: 'Where a page of search results sits, and the cursors to move from it.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more results can be paged to.' }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'Whether results precede this page.' }),
    startCursor: t.string({ nullable: true, description: 'The cursor of the first result; null when the page is empty.', resolve: (p) => (p.edges.length ? searchCursor(p.edges[0]!.position) : null) }),
    endCursor: t.string({ nullable: true, description: 'The cursor of the last result; null when the page is empty.', resolve: (p) => (p.edges.length ? searchCursor(p.edges.at(-1)!.position) : null) }),
  }),
});

builder.queryFields((t) => ({
  search: t.field({
    type: SearchConnection,
    description: [
      'Full-text search over titles and abstracts, ranked by relevance, with highlighted snippets.',
      'Any text is accepted and read as words; on top: "quoted phrase", prefix*, -exclude (or NOT word), and OR between alternatives.',
    ].join(' '),
    args: {
      query: t.arg.string({ required: true, description: 'What to look for.' }),
      filter: t.arg({ type: PaperFilterInput, description: 'Conditions the results must also meet.' }),
      first: t.arg.int({ description: 'Return the first n results (default 20, at most 100).' }),
      after: t.arg.string({ description: 'Start after this cursor.' }),
    },
    complexity: (args) => ({ field: 1, multiplier: itemsAsked(args.first, DEFAULT_PAGE_SIZE) }),
    resolve: async (_root, args, ctx) => {
      const page = readPage({ first: args.first }, ORDER, 1);
      const offset = args.after == null ? 0 : Number(decodeCursor(args.after, ORDER, 1)[0]) + 1;
      if (!Number.isInteger(offset) || offset < 0) throw userError(ErrorCode.INVALID_CURSOR, 'This cursor is not one of this search');
      const filter = await toPaperFilter(args.filter, ctx);
      const fts = toFtsQuery(args.query);
      const limit = Math.max(0, Math.min(page.limit, SEARCH_WINDOW - offset));
      const hits = fts && limit > 0 ? searchPapers(ctx.db, fts, filter, limit + 1, offset) : [];
      return {
        edges: hits.slice(0, limit).map((hit, i) => ({ ...hit, position: offset + i })),
        hasNextPage: hits.length > limit && offset + limit < SEARCH_WINDOW,
        hasPreviousPage: offset > 0,
        totalCount: () => (fts ? countSearchHits(ctx.db, fts, filter) : 0),
        // Text that reads as no words matches nothing, and so do its facets.
        facetScope: fts ? { filter, search: fts } : { filter: { ...filter, fullText: null } },
      };
    },
  }),
}));
