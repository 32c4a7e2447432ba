/**
 * The schema builder and its plugins. No types live here (see graphql/types/).
 */
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from '../context.ts';
import type { FacetScope } from '../db/queries/facets.ts';
import { ErrorCode, userError } from './errors.ts';
import { DEFAULT_PAGE_SIZE, itemsAsked } from './pagination.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';

/** The most ids `nodes(ids:)` takes in one call. */
export const MAX_NODE_IDS = 100;

/**
 * The most an operation may cost. Every field costs 1, and a connection multiplies what it
 * selects by the items it asks for (`first`/`last`, 20 by default): 100 papers with their nested
 * lists fit; two nested connections of 100 do not.
 */
export const MAX_COMPLEXITY = 5000;

/** A connection costs one, plus what it selects once per item asked for. */
const perItem = (args: { first?: number | null; last?: number | null }) => ({
  field: 1,
  // Over the maximum page size, EXCESSIVE_PAGINATION says more precisely what is wrong.
  multiplier: itemsAsked(args.first ?? args.last, DEFAULT_PAGE_SIZE),
});
/** The edges and nodes of a connection: already multiplied by the connection itself. */
const passThrough = { field: 0, multiplier: 1 };

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    ID: { Input: string; Output: string | number };
    Date: { Input: string; Output: string };
  };
  // Totals are computed only when a client asks for them. Lists of papers also carry the set of
  // papers their facets count.
  Connection: { totalCount: () => number | Promise<number>; facetScope?: FacetScope };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  // Fields are non-null unless they say otherwise: a client should not have to null-check a title.
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [RelayPlugin, ComplexityPlugin],
  complexity: {
    // A paper's own lists (authors, topics, keywords, links) hold a handful of items each.
    defaultListMultiplier: 5,
    // The plugin gives every field its cost; it checks nothing itself. The operation's cost is
    // computed once per request by cost.ts, which refuses it over MAX_COMPLEXITY and reports it.
    disabled: true,
  },
  relay: {
    cursorType: 'String',
    nodesOnConnection: { description: 'The items of this page, without their cursors.', complexity: passThrough },
    defaultConnectionFieldOptions: { complexity: perItem },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodeTypeOptions: { description: 'An object with a globally unique, opaque `id`, refetchable with `node(id:)`.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection, and the cursors to move from it.' },
    idFieldOptions: { description: 'The globally unique, opaque id of the object.' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global `id`; null when it does not exist.',
      args: { id: { description: 'A global id, as given by an `id` field.' } },
    },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_NODE_IDS} objects by global id, in the order given; null for each that does not exist.`,
      args: { ids: { description: `Up to ${MAX_NODE_IDS} global ids.` } },
      complexity: (args) => ({ field: 1, multiplier: Math.min(args.ids.length, MAX_NODE_IDS) }),
      resolve: (_root, { ids }, _ctx, _info, resolveNodes) => {
        if (ids.length > MAX_NODE_IDS) {
          throw userError(ErrorCode.ARGUMENT_LIMIT, `At most ${MAX_NODE_IDS} ids can be fetched at once, got ${ids.length}`);
        }
        return resolveNodes(ids);
      },
    },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.', nullable: false, complexity: passThrough },
    nodeFieldOptions: { description: 'The item at the end of the edge.', nullable: false },
    cursorFieldOptions: { description: 'An opaque cursor for paging from this item (`after:` / `before:`).' },
    pageInfoFieldOptions: { description: 'Paging information for this page.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether more items precede this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of the page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of the page; null when the page is empty.' },
    firstArgOptions: { description: 'Return the first n items (default 20, at most 100).' },
    lastArgOptions: { description: 'Return the last n items before `before` (at most 100).' },
    afterArgOptions: { description: 'Start after this cursor.' },
    beforeArgOptions: { description: 'End before this cursor.' },
  },
});

builder.queryType({ description: 'The entry points of the paper catalogue.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole connection holds, across all pages.',
    resolve: (connection) => connection.totalCount(),
  }),
);
