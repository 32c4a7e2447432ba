/**
 * `Paper.related`: the papers most similar in content, computed at import time (src/db/related.ts)
 * and read here by one batched lookup, with the keywords and topics each pair shares as the reason.
 */
import type { RelatedPaperRow } from '../../db/queries/related.ts';
import { RELATED_PER_PAPER } from '../../db/related.ts';
import { builder } from '../builder.ts';
import { itemsAsked, pageSize } from '../pagination.ts';
import { KeywordRef, PaperRef, TopicRef } from '../refs.ts';

const DEFAULT_RELATED = 5;

/**
 * What the first paper of a related pair shares with the second: the items of its own list
 * (in its order) whose value, by id, the other paper's list also has. Both lists come from the
 * request's batched loader.
 */
async function shared<Entry, Item extends { id: number }>(
  lists: { load(paperId: number): Promise<Entry[]> },
  pair: RelatedPaperRow,
  item: (entry: Entry) => Item,
): Promise<Item[]> {
  const [own, other] = await Promise.all([lists.load(pair.paperId), lists.load(pair.paper.id)]);
  const theirs = new Set(other.map((entry) => item(entry).id));
  return own.map(item).filter((value) => theirs.has(value.id));
}

const RelatedPaperRef = builder.objectRef<RelatedPaperRow>('RelatedPaper').implement({
  description: 'A paper similar in content to another, with how similar and why.',
  fields: (t) => ({
    paper: t.field({ type: PaperRef, description: 'The related paper.', resolve: (r) => r.paper }),
    score: t.exposeFloat('score', {
      description:
        "Similarity in (0, 1]: the cosine of the two papers' keywords and topics, each weighted by how rare it is in the catalogue.",
    }),
    sharedKeywords: t.field({
      type: [KeywordRef],
      description: 'The keywords both papers have, most important to the first paper first.',
      resolve: (r, _args, ctx) => shared(ctx.loaders.keywordsByPaperId, r, (k) => k.keyword),
    }),
    sharedTopics: t.field({
      type: [TopicRef],
      description: 'The topics both papers are placed in directly, most confident for the first paper first.',
      resolve: (r, _args, ctx) => shared(ctx.loaders.topicAssignmentsByPaperId, r, (a) => a.topic),
    }),
  }),
});

builder.objectField(PaperRef, 'related', (t) =>
  t.field({
    type: [RelatedPaperRef],
    description: `The papers most similar in content (shared rare keywords and topics), most similar first, ties broken by the older entry in the catalogue. Computed when papers are imported; never the paper itself.`,
    args: {
      first: t.arg.int({
        defaultValue: DEFAULT_RELATED,
        description: `How many (default ${DEFAULT_RELATED}, at most ${RELATED_PER_PAPER}).`,
      }),
    },
    complexity: (args) => ({ field: 1, multiplier: itemsAsked(args.first, DEFAULT_RELATED, RELATED_PER_PAPER) }),
    resolve: async (paper, { first }, ctx) => {
      const count = pageSize(first ?? DEFAULT_RELATED, 'first', RELATED_PER_PAPER);
      return (await ctx.loaders.relatedByPaperId.load(paper.id)).slice(0, count);
    },
  }),
);
