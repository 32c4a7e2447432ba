import { countTopics, listTopics, TOPIC_ORDERS, type TopicFilter, type TopicOrder } from '../../db/queries/topics.ts';
import type { Context } from '../../context.ts';
import { builder } from '../builder.ts';
import { ErrorCode, userError } from '../errors.ts';
import { readPage, toConnection } from '../pagination.ts';
import { TopicRef } from '../refs.ts';
import { columnOf } from '../whole-row.ts';
import { papersOfField } from './paper-list.ts';

export const TopicKindEnum = builder.enumType('TopicKind', {
  description: 'Where a topic comes from.',
  values: {
    THEME: { description: "A research theme of the catalogue's taxonomy (inferred from each paper's text)." },
    TASK: { description: 'A Papers with Code task.' },
    CATEGORY: { description: 'An arXiv category.' },
  } as const,
});

export const TopicOrderEnum = builder.enumType('TopicOrder', {
  description: 'The order of a list of topics.',
  values: {
    NAME_ASC: { description: 'By name, A to Z (the default).' },
    PAPER_COUNT_DESC: { description: 'Most papers first.' },
  } satisfies Record<TopicOrder, unknown>,
});

const paperCount = (topic: typeof TopicRef.$inferType, ctx: Context) => columnOf(topic, 'paperCount', ctx.loaders.topicById);

builder.node(TopicRef, {
  description: 'A research topic. Topics form a tree: a topic includes the papers of its sub-topics.',
  id: { resolve: (topic) => topic.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.topicById.load(Number(id)))),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'The unique name used in filters and URLs, e.g. `gaussian-processes`.' }),
    name: t.exposeString('name', { description: 'The display name.' }),
    description: t.string({
      description: 'What belongs in the topic.',
      resolve: (topic, _args, ctx) => columnOf(topic, 'description', ctx.loaders.topicById),
    }),
    kind: t.field({
      type: TopicKindEnum,
      description: 'Where the topic comes from.',
      resolve: (topic, _args, ctx) => columnOf(topic, 'kind', ctx.loaders.topicById),
    }),
    parent: t.field({
      type: TopicRef,
      nullable: true,
      description: 'The broader topic this one belongs to; null for a top-level topic.',
      resolve: async (topic, _args, ctx) => {
        const parentId = await columnOf(topic, 'parentId', ctx.loaders.topicById);
        return parentId === null ? null : ctx.loaders.topicById.load(parentId);
      },
    }),
    children: t.field({
      type: [TopicRef],
      description: 'The sub-topics, by name.',
      resolve: (topic, _args, ctx) => ctx.loaders.childTopicsByTopicId.load(topic.id),
    }),
    paperCount: t.int({ description: 'Papers in this topic or any of its sub-topics.', resolve: (topic, _args, ctx) => paperCount(topic, ctx) }),
    papers: papersOfField(t, 'The papers in this topic or any of its sub-topics.', (topic) => ({ topicId: topic.id }), paperCount),
  }),
});

builder.queryFields((t) => ({
  topic: t.field({
    type: TopicRef,
    nullable: true,
    description: 'One topic by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The topic slug, e.g. `kernel-methods`.' }) },
    resolve: (_root, { slug }, ctx) => ctx.loaders.topicBySlug.load(slug),
  }),
  topics: t.connection(
    {
      type: TopicRef,
      description: 'Topics, optionally only the sub-topics of one, or of one kind.',
      args: {
        parent: t.arg.string({ description: 'Only the direct sub-topics of this topic (slug). An unknown slug is an UNKNOWN_TOPIC error.' }),
        topLevel: t.arg.boolean({ description: 'Only topics without a parent.' }),
        kind: t.arg({ type: TopicKindEnum, description: 'Only topics of this kind.' }),
        orderBy: t.arg({ type: TopicOrderEnum, description: 'The order (default NAME_ASC).' }),
      },
      resolve: async (_root, args, ctx) => {
        const filter: TopicFilter = { kind: args.kind ?? undefined };
        if (args.parent != null) {
          const parent = await ctx.loaders.topicBySlug.load(args.parent);
          if (!parent) throw userError(ErrorCode.UNKNOWN_TOPIC, `There is no topic "${args.parent.slice(0, 100)}"`);
          filter.parentId = parent.id;
        } else if (args.topLevel) {
          filter.parentId = null;
        }
        const order = args.orderBy ?? 'NAME_ASC';
        const keys = TOPIC_ORDERS[order];
        const page = readPage(args, order, keys.length);
        return toConnection(listTopics(ctx.db, filter, order, page), page, order, keys, () => countTopics(ctx.db, filter));
      },
    },
    { name: 'TopicConnection', description: 'A page of topics.' },
    { name: 'TopicEdge', description: 'A topic in a page of topics.' },
  ),
}));
