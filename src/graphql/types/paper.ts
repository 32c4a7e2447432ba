import { PaperConnectionRef, AuthorRef, KeywordRef, PaperRef, RepositoryRef, TopicRef } from '../refs.ts';
import { builder, MAX_NODE_IDS } from '../builder.ts';
import { ErrorCode, userError } from '../errors.ts';
import { decodeGlobalId, decodeGlobalIdOf } from '../global-id.ts';
import { normaliseArxivId } from '../../ingest/normalise.ts';
import type { PaperKey, RepositoryLinkRow } from '../../db/loaders.ts';
import { DateScalar } from './scalars.ts';
import { loadPaperConnection, PaperFilterInput, PaperOrderEnum, toPaperFilter } from './paper-list.ts';
import { LinkSourceEnum, TopicOriginEnum } from './provenance.ts';

builder.node(PaperRef, {
  description: 'A research paper in the catalogue.',
  id: { resolve: (paper) => paper.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.paperById.load(Number(id)))),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A unique, URL-friendly name derived from the title.' }),
    arxivId: t.exposeString('arxivId', { nullable: true, description: 'The arXiv identifier, without version (e.g. `2106.09685`).' }),
    title: t.exposeString('title', { description: 'The title.' }),
    abstract: t.exposeString('abstract', { description: 'The abstract, with line wraps removed.' }),
    url: t.string({
      nullable: true,
      description: "The paper's page: as imported, else its arXiv abstract page when the arXiv id is known.",
      resolve: (paper) => paper.url ?? (paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : null),
    }),
    pdfUrl: t.string({
      nullable: true,
      description: 'The PDF: as imported, else the arXiv PDF when the arXiv id is known.',
      resolve: (paper) => paper.pdfUrl ?? (paper.arxivId ? `https://arxiv.org/pdf/${paper.arxivId}` : null),
    }),
    changedInVersion: t.exposeInt('changedVersion', {
      description: 'The catalogue version of the import that last added or changed the paper.',
    }),
    publishedAt: t.field({
      type: DateScalar,
      nullable: true,
      description: 'The date of first publication (arXiv v1), when known.',
      resolve: (paper) => paper.publishedAt,
    }),
    authors: t.field({
      type: [AuthorRef],
      description: 'The authors, in byline order.',
      resolve: (paper, _args, ctx) => ctx.loaders.authorsByPaperId.load(paper.id),
    }),
    topics: t.field({
      type: [TopicRef],
      description: 'The topics the paper is placed in directly, most confident first. Parent topics are implied.',
      resolve: async (paper, _args, ctx) => (await ctx.loaders.topicAssignmentsByPaperId.load(paper.id)).map((a) => a.topic),
    }),
    topicAssignments: t.field({
      type: [TopicAssignment],
      description: 'The topics with the evidence for each: why the paper sits in it and how confidently.',
      resolve: (paper, _args, ctx) => ctx.loaders.topicAssignmentsByPaperId.load(paper.id),
    }),
    keywords: t.field({
      type: [KeywordRef],
      description: 'Key phrases extracted from the title and abstract, most important first.',
      resolve: async (paper, _args, ctx) => (await ctx.loaders.keywordsByPaperId.load(paper.id)).map((k) => k.keyword),
    }),
    repositories: t.field({
      type: [RepositoryRef],
      description: 'The code repositories linked to the paper, each once, whatever the sources.',
      resolve: async (paper, _args, ctx) => {
        const links = await ctx.loaders.repositoryLinksByPaperId.load(paper.id);
        return [...new Map(links.map((l) => [l.repository.id, l.repository])).values()];
      },
    }),
    codeLinks: t.field({
      type: [CodeLink],
      description: 'Every link to a code repository with where it was found: one per repository and source.',
      resolve: (paper, _args, ctx) => ctx.loaders.repositoryLinksByPaperId.load(paper.id),
    }),
  }),
});

const TopicAssignment = builder
  .objectRef<{ topic: typeof TopicRef.$inferType; score: number; evidence: string; origin: 'inferred' | 'pwc' | 'arxiv' | 'jsonl' }>('TopicAssignment')
  .implement({
    description: 'A paper placed in a topic, with how and why.',
    fields: (t) => ({
      topic: t.field({ type: TopicRef, description: 'The topic.', resolve: (a) => a.topic }),
      score: t.exposeFloat('score', { description: 'Confidence in (0, 1]; 1 when a source assigned the topic.' }),
      evidence: t.stringList({
        description: 'The terms in the title or abstract that placed the paper in the topic (empty when a source assigned it).',
        resolve: (a) => JSON.parse(a.evidence) as string[],
      }),
      origin: t.field({ type: TopicOriginEnum, description: 'Who placed the paper in the topic.', resolve: (a) => a.origin }),
    }),
  });

const CodeLink = builder
  .objectRef<RepositoryLinkRow>('CodeLink')
  .implement({
    description: 'A link between a paper and a code repository, as one source reported it.',
    fields: (t) => ({
      repository: t.field({ type: RepositoryRef, description: 'The repository.', resolve: (l) => l.repository }),
      source: t.field({ type: LinkSourceEnum, description: 'Where the link was found.', resolve: (l) => l.source }),
      isOfficial: t.exposeBoolean('isOfficial', { nullable: true, description: "Whether it is the authors' own code, when the source says." }),
      framework: t.exposeString('framework', { nullable: true, description: 'The framework (e.g. `pytorch`, `tf`), when the source says.' }),
      mentionedInPaper: t.exposeBoolean('mentionedInPaper', {
        nullable: true,
        description: 'Whether the paper itself mentions the repository, when the source says.',
      }),
    }),
  });

builder.queryFields((t) => ({
  paper: t.field({
    type: PaperRef,
    nullable: true,
    description: 'One paper, by exactly one of: global `id`, `slug` or `arxivId` (any version suffix is ignored). Null when not found.',
    args: {
      id: t.arg.id({ description: 'The global id.' }),
      slug: t.arg.string({ description: 'The slug.' }),
      arxivId: t.arg.string({ description: 'The arXiv id, e.g. `2106.09685` or `2106.09685v2`.' }),
    },
    resolve: (_root, { id, slug, arxivId }, ctx) => {
      const given = [id, slug, arxivId].filter((v) => v != null).length;
      if (given !== 1) throw userError(ErrorCode.INVALID_ARGUMENTS, 'Pass exactly one of `id`, `slug` or `arxivId`');
      if (id != null) return ctx.loaders.paperById.load(decodeGlobalIdOf('Paper', id));
      if (slug != null) return ctx.loaders.paperByAnyKey.load({ kind: 'slug', value: slug });
      const canonical = normaliseArxivId(arxivId);
      return canonical ? ctx.loaders.paperByAnyKey.load({ kind: 'arxivId', value: canonical }) : null;
    },
  }),
  papersByIds: t.field({
    type: [PaperRef],
    nullable: { list: false, items: true },
    description: `Up to ${MAX_NODE_IDS} papers by any mix of identifiers: global ids, arXiv ids (with or without version) and slugs. In input order; null where unknown.`,
    args: { ids: t.arg.stringList({ required: true, description: 'Global ids, arXiv ids or slugs, mixed as you like.' }) },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.ids.length, MAX_NODE_IDS) }),
    resolve: (_root, { ids }, ctx) => {
      if (ids.length > MAX_NODE_IDS) throw userError(ErrorCode.ARGUMENT_LIMIT, `At most ${MAX_NODE_IDS} ids can be looked up at once, got ${ids.length}`);
      return ids.map((raw) => ctx.loaders.paperByAnyKey.load(toPaperKey(raw)));
    },
  }),
  papersChangedSince: t.connection(
    {
      type: PaperRef,
      description:
        'Papers added or changed after a catalogue version, least recently changed first: pull only what changed since your last pull (store `catalogue.version` then).',
      args: { version: t.arg.int({ required: true, description: 'The catalogue version of your last pull (0 for everything).' }) },
      resolve: (_root, args, ctx) => loadPaperConnection(ctx, { changedAfterVersion: args.version }, { ...args, orderBy: 'CHANGED_ASC' }),
    },
    PaperConnectionRef,
  ),
  papers: t.connection(
    {
      type: PaperRef,
      description: 'Papers matching a filter, in a stable order, paged with keyset cursors (a deep page costs what the first does).',
      args: {
        filter: t.arg({ type: PaperFilterInput, description: 'Conditions the papers must meet.' }),
        orderBy: t.arg({ type: PaperOrderEnum, description: 'The order (default PUBLISHED_AT_DESC).' }),
      },
      resolve: async (_root, args, ctx) => loadPaperConnection(ctx, await toPaperFilter(args.filter, ctx), args),
    },
    PaperConnectionRef,
  ),
}));

/**
 * What an identifier a client sent names: a global id (of a paper; any other type names nothing),
 * else an arXiv id in any spelling, else a slug.
 */
function toPaperKey(raw: string): PaperKey {
  const text = raw.trim();
  let global: { typename: string; id: string } | null = null;
  try {
    global = decodeGlobalId(text);
  } catch {
    // not a global id
  }
  if (global) return { kind: 'id', value: global.typename === 'Paper' ? Number(global.id) : 0 };
  const arxivId = normaliseArxivId(text);
  return arxivId ? { kind: 'arxivId', value: arxivId } : { kind: 'slug', value: text };
}

export { PaperRef, PaperConnectionRef };
