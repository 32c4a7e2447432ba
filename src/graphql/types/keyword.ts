import { countKeywords, KEYWORD_ORDERS, listKeywords, type KeywordOrder } from '../../db/queries/keywords.ts';
import { normaliseTerm } from '../../ingest/keywords.ts';
import type { Context } from '../../context.ts';
import { builder } from '../builder.ts';
import { readPage, toConnection } from '../pagination.ts';
import { KeywordRef } from '../refs.ts';
import { columnOf } from '../whole-row.ts';
import { papersOfField } from './paper-list.ts';

export const KeywordOrderEnum = builder.enumType('KeywordOrder', {
  description: 'The order of a list of keywords.',
  values: {
    PAPER_COUNT_DESC: { description: 'Most papers first (the default).' },
    TERM_ASC: { description: 'Alphabetically.' },
  } satisfies Record<KeywordOrder, unknown>,
});

const paperCount = (keyword: typeof KeywordRef.$inferType, ctx: Context) => columnOf(keyword, 'paperCount', ctx.loaders.keywordById);

builder.node(KeywordRef, {
  description: 'A key phrase extracted from papers, e.g. "neural tangent kernel".',
  id: { resolve: (keyword) => keyword.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.keywordById.load(Number(id)))),
  fields: (t) => ({
    term: t.exposeString('term', { description: 'The phrase.' }),
    paperCount: t.int({ description: 'Papers with this keyword.', resolve: (keyword, _args, ctx) => paperCount(keyword, ctx) }),
    papers: papersOfField(t, 'The papers with this keyword.', (keyword) => ({ keywordId: keyword.id }), paperCount),
  }),
});

builder.queryFields((t) => ({
  keyword: t.field({
    type: KeywordRef,
    nullable: true,
    description: 'One keyword by its term (case and plural forms ignored); null when there is none.',
    args: { term: t.arg.string({ required: true, description: 'The phrase, e.g. "low-rank adaptation".' }) },
    resolve: (_root, { term }, ctx) => {
      const key = normaliseTerm(term);
      return key ? ctx.loaders.keywordByTermKey.load(key) : null;
    },
  }),
  keywords: t.connection(
    {
      type: KeywordRef,
      description: 'Keywords, optionally only those starting with a prefix (for autocompletion).',
      args: {
        prefix: t.arg.string({ description: 'Only keywords starting with this text (case ignored).' }),
        orderBy: t.arg({ type: KeywordOrderEnum, description: 'The order (default PAPER_COUNT_DESC).' }),
      },
      resolve: (_root, args, ctx) => {
        const prefix = args.prefix ? args.prefix.toLowerCase().replace(/\s+/g, ' ').trimStart() : undefined;
        const order = args.orderBy ?? 'PAPER_COUNT_DESC';
        const keys = KEYWORD_ORDERS[order];
        const page = readPage(args, order, keys.length);
        return toConnection(listKeywords(ctx.db, prefix, order, page), page, order, keys, () => countKeywords(ctx.db, prefix));
      },
    },
    { name: 'KeywordConnection', description: 'A page of keywords.' },
    { name: 'KeywordEdge', description: 'A keyword in a page of keywords.' },
  ),
}));
