/**
 * What every list of papers shares: the filter input, the order enum, and turning both plus the
 * connection arguments into one batched page load.
 */
import { countPapers, PAPER_ORDERS, type PaperFilter, type PaperOrder } from '../../db/queries/papers.ts';
import { toFtsQuery } from '../../db/fts-query.ts';
import { repositoryKeyFromUserInput } from '../../ingest/code-links.ts';
import { nameKey } from '../../ingest/normalise.ts';
import type { Context } from '../../context.ts';
import { builder } from '../builder.ts';
import { ErrorCode, userError } from '../errors.ts';
import { readPage, toConnection, type ConnectionArgs } from '../pagination.ts';
import { PaperConnectionRef, PaperRef } from '../refs.ts';
import { DateScalar } from './scalars.ts';

export const PaperOrderEnum = builder.enumType('PaperOrder', {
  description: 'The order of a list of papers. Papers without a known date count as the oldest.',
  values: {
    PUBLISHED_AT_DESC: { description: 'Newest first (the default).' },
    PUBLISHED_AT_ASC: { description: 'Oldest first.' },
    TITLE_ASC: { description: 'By title, A to Z (case and punctuation ignored).' },
    CHANGED_ASC: { description: 'Least recently changed first (by `changedInVersion`): the order for syncing a copy.' },
  } satisfies Record<PaperOrder, unknown>,
});

export const PaperFilterInput = builder.inputType('PaperFilter', {
  description: 'Conditions on papers. Every field given must hold (they combine with AND).',
  fields: (t) => ({
    topic: t.string({ description: 'Topic slug; papers in the topic or any of its sub-topics. An unknown slug is an UNKNOWN_TOPIC error.' }),
    keyword: t.string({ description: 'Full-text match over title and abstract, with the syntax of `search`.' }),
    repository: t.string({ description: 'A code repository, as a URL or `owner/name` (GitHub); case-insensitive.' }),
    repositoryOwner: t.string({ description: 'Only papers with code owned by this user or organisation (any host; case ignored).' }),
    hasCode: t.boolean({ description: 'Only papers with (true) or without (false) a linked code repository.' }),
    author: t.string({ description: 'Author name, ignoring case, accents and punctuation.' }),
    publishedAfter: t.field({ type: DateScalar, description: 'Published on or after this date.' }),
    publishedBefore: t.field({ type: DateScalar, description: 'Published on or before this date.' }),
    officialCodeOnly: t.boolean({
      description: "Only papers with the authors' own code (a link a source marks official). Combines with `framework` and `minStars` on the same link.",
    }),
    framework: t.string({ description: 'Only papers with code in this framework (`pytorch`, `tf`, `jax`…; case ignored), as a source reports it.' }),
    minStars: t.int({ description: 'Only papers with code in a repository with at least this many stars (where a source reports stars).' }),
    changedSinceVersion: t.int({
      description: 'Only papers added or changed by an import after this catalogue version (see `catalogue.version`).',
    }),
  }),
});

export type PaperFilterArgs = typeof PaperFilterInput.$inferInput;

/** Resolves slugs, names and search text of a GraphQL filter into the database's filter. */
export async function toPaperFilter(input: PaperFilterArgs | null | undefined, ctx: Context): Promise<PaperFilter> {
  if (!input) return {};
  const filter: PaperFilter = {};
  if (input.topic != null) {
    const topic = await ctx.loaders.topicBySlug.load(input.topic);
    if (!topic) throw userError(ErrorCode.UNKNOWN_TOPIC, `There is no topic "${input.topic.slice(0, 100)}"`);
    filter.topicId = topic.id;
  }
  if (input.keyword != null) filter.fullText = toFtsQuery(input.keyword);
  if (input.repository != null) {
    const key = repositoryKeyFromUserInput(input.repository);
    if (!key) throw userError(ErrorCode.INVALID_ARGUMENTS, `"${input.repository.slice(0, 100)}" is neither a repository URL nor owner/name`);
    filter.repositoryKey = key;
  }
  if (input.repositoryOwner != null) filter.repositoryOwnerKey = input.repositoryOwner.trim().toLowerCase();
  if (input.hasCode != null) filter.hasCode = input.hasCode;
  if (input.author != null) filter.authorKey = nameKey(input.author);
  if (input.publishedAfter != null) filter.publishedFrom = input.publishedAfter;
  if (input.publishedBefore != null) filter.publishedTo = input.publishedBefore;
  if (input.changedSinceVersion != null) filter.changedAfterVersion = input.changedSinceVersion;
  if (input.officialCodeOnly || input.framework != null || input.minStars != null) {
    filter.code = {
      official: input.officialCodeOnly ?? undefined,
      framework: input.framework?.trim().toLowerCase() ?? undefined,
      minStars: input.minStars ?? undefined,
    };
  }
  return filter;
}

/** One page of papers matching `filter`, loaded in the request's shared batch. */
export async function loadPaperConnection(
  ctx: Context,
  filter: PaperFilter,
  args: ConnectionArgs & { orderBy?: PaperOrder | null },
  totalCount: () => number | Promise<number> = () => countPapers(ctx.db, filter),
) {
  const order = args.orderBy ?? 'PUBLISHED_AT_DESC';
  const keys = PAPER_ORDERS[order];
  const page = readPage(args, order, keys.length);
  const result = await ctx.loaders.paperPages.load({ filter, order, page });
  return { ...toConnection(result, page, order, keys, totalCount), facetScope: { filter } };
}


type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * The `papers` connection of an entity that papers belong to (a topic, keyword, repository or
 * author): its papers in a chosen order, with the entity's stored paper count as `totalCount`.
 */
export function papersOfField<Parent>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, Parent>,
  description: string,
  filterOf: (parent: Parent) => PaperFilter,
  paperCount: (parent: Parent, ctx: Types['Context']) => number | Promise<number>,
) {
  return t.connection(
    {
      type: PaperRef,
      description,
      args: { orderBy: t.arg({ type: PaperOrderEnum, description: 'The order (default PUBLISHED_AT_DESC).' }) },
      resolve: (parent, args, ctx) => loadPaperConnection(ctx, filterOf(parent), args, () => paperCount(parent, ctx)),
    },
    PaperConnectionRef,
  );
}
