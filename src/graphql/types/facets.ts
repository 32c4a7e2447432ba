/**
 * Facets: how the papers of a whole list or search spread over topics, years, code, frameworks
 * and repository owners, to narrow it further. Each facet is counted over every matching paper,
 * not the page, and says when its values were cut to `first`.
 */
import type { ObjectRef } from '@pothos/core';
import type { TopicKind, TopicRow } from '../../../schema/tables.ts';
import type { Context } from '../../context.ts';
import type { FacetName, FacetResult, FacetScope } from '../../db/queries/facets.ts';
import { builder } from '../builder.ts';
import { pageSize } from '../pagination.ts';
import { PaperConnectionRef, TopicRef } from '../refs.ts';
import { TopicKindEnum } from './topic.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Counting a facet reads every matching paper, so it costs like a page of them. */
const FACET_COST = 20;

interface FacetValues<Value> {
  values: Value[];
  truncated: boolean;
  valueCount: number;
}

async function loadFacet<Value>(
  ctx: Context,
  scope: FacetScope,
  request: { facet: FacetName; first: number; kind?: TopicKind | null },
  toValue: (v: FacetResult['values'][number]) => Value,
): Promise<FacetValues<Value>> {
  const first = pageSize(request.first, 'first');
  const result = await ctx.loaders.facets.load({ scope, request: { facet: request.facet, first, ...(request.kind ? { kind: request.kind } : {}) } });
  return { values: result.values.map(toValue), truncated: result.valueCount > result.values.length, valueCount: result.valueCount };
}

/** A facet type: its values, whether they were cut to `first`, and how many there are in all. */
function facetType<Value>(name: string, description: string, valueRef: ObjectRef<Types, Value>) {
  return builder.objectRef<FacetValues<Value>>(name).implement({
    description,
    fields: (t) => ({
      values: t.field({ type: [valueRef], description: 'The values, at most `first` of them.', resolve: (facet) => facet.values }),
      truncated: t.exposeBoolean('truncated', { description: 'Whether more values exist than `values` holds (see `valueCount`).' }),
      valueCount: t.exposeInt('valueCount', { description: 'How many distinct values the papers have in all.' }),
    }),
  });
}

const TopicFacet = facetType(
  'TopicFacet',
  'Papers per topic, most papers first. A paper counts in its topics and in their parent topics, as the `topic` filter includes sub-topics.',
  builder.objectRef<{ topic: TopicRow; count: number }>('TopicFacetValue').implement({
    description: 'A topic and how many of the papers are in it (or in its sub-topics).',
    fields: (t) => ({
      topic: t.field({ type: TopicRef, description: 'The topic; its `slug` narrows with `PaperFilter.topic`.', resolve: (v) => v.topic }),
      count: t.exposeInt('count', { description: 'Papers in the topic or its sub-topics.' }),
    }),
  }),
);

const YearFacet = facetType(
  'YearFacet',
  'Papers per year of publication, the latest year first; papers without a date last.',
  builder.objectRef<{ year: number | null; count: number }>('YearFacetValue').implement({
    description: 'A year of publication and how many of the papers were published in it.',
    fields: (t) => ({
      year: t.exposeInt('year', { nullable: true, description: 'The year (narrow with `publishedAfter`/`publishedBefore`); null for papers without a date.' }),
      count: t.exposeInt('count', { description: 'Papers published in the year.' }),
    }),
  }),
);

const ValueFacetValue = builder.objectRef<{ value: string; count: number }>('ValueFacetValue').implement({
  description: 'A value and how many of the papers have it.',
  fields: (t) => ({
    value: t.exposeString('value', { description: 'The value, as the matching `PaperFilter` field takes it.' }),
    count: t.exposeInt('count', { description: 'Papers with the value.' }),
  }),
});

const FrameworkFacet = facetType(
  'FrameworkFacet',
  'Papers per framework of their code (as sources report it), most papers first; narrow with `PaperFilter.framework`.',
  ValueFacetValue,
);

const RepositoryOwnerFacet = facetType(
  'RepositoryOwnerFacet',
  'Papers per owner of their code repositories (a user or organisation), most papers first; narrow with `PaperFilter.repositoryOwner`.',
  ValueFacetValue,
);

const HasCodeFacet = builder.objectRef<{ withCode: number; withoutCode: number }>('HasCodeFacet').implement({
  description: 'How many of the papers have linked code; narrow with `PaperFilter.hasCode`.',
  fields: (t) => ({
    withCode: t.exposeInt('withCode', { description: 'Papers with at least one linked code repository.' }),
    withoutCode: t.exposeInt('withoutCode', { description: 'Papers without one.' }),
  }),
});

const firstDescription = (byDefault: number) => `The most values to return (default ${byDefault}, at most 100).`;

export const PaperFacets = builder.objectRef<FacetScope>('PaperFacets').implement({
  description:
    'Counts over every paper of the list or search (not only the page), to show what it holds and narrow it. All facets asked for are counted together in one pass over the matching papers.',
  fields: (t) => ({
    topics: t.field({
      type: TopicFacet,
      description: 'Papers per topic.',
      args: { first: t.arg.int({ defaultValue: 10, description: firstDescription(10) }), kind: t.arg({ type: TopicKindEnum, description: 'Only topics of this kind.' }) },
      complexity: FACET_COST,
      resolve: async (scope, args, ctx) => {
        const facet = await loadFacet(ctx, scope, { facet: 'topics', first: args.first ?? 10, kind: args.kind }, (v) => v);
        const topics = await Promise.all(facet.values.map((v) => ctx.loaders.topicById.load(Number(v.key))));
        // A topic removed by an import committed between the two reads is left out.
        const values = facet.values.flatMap((v, i) => (topics[i] ? [{ topic: topics[i], count: v.count }] : []));
        return { ...facet, values };
      },
    }),
    years: t.field({
      type: YearFacet,
      description: 'Papers per year of publication.',
      args: { first: t.arg.int({ defaultValue: 50, description: firstDescription(50) }) },
      complexity: FACET_COST,
      resolve: (scope, args, ctx) =>
        loadFacet(ctx, scope, { facet: 'years', first: args.first ?? 50 }, (v) => ({ year: v.key === null ? null : Number(v.key), count: v.count })),
    }),
    hasCode: t.field({
      type: HasCodeFacet,
      description: 'Papers with and without code.',
      complexity: FACET_COST,
      resolve: async (scope, _args, ctx) => {
        const { values } = await loadFacet(ctx, scope, { facet: 'hasCode', first: 2 }, (v) => v);
        const count = (has: number) => values.find((v) => Number(v.key) === has)?.count ?? 0;
        return { withCode: count(1), withoutCode: count(0) };
      },
    }),
    frameworks: t.field({
      type: FrameworkFacet,
      description: 'Papers per framework of their code.',
      args: { first: t.arg.int({ defaultValue: 10, description: firstDescription(10) }) },
      complexity: FACET_COST,
      resolve: (scope, args, ctx) => loadFacet(ctx, scope, { facet: 'frameworks', first: args.first ?? 10 }, (v) => ({ value: String(v.key), count: v.count })),
    }),
    repositoryOwners: t.field({
      type: RepositoryOwnerFacet,
      description: 'Papers per owner of their code repositories.',
      args: { first: t.arg.int({ defaultValue: 10, description: firstDescription(10) }) },
      complexity: FACET_COST,
      resolve: (scope, args, ctx) =>
        loadFacet(ctx, scope, { facet: 'owners', first: args.first ?? 10 }, (v) => ({ value: v.label ?? String(v.key), count: v.count })),
    }),
  }),
});

builder.objectField(PaperConnectionRef, 'facets', (t) =>
  t.field({
    type: PaperFacets,
    description: 'Counts over every paper of this list (not only this page) by topic, year, code, framework and repository owner.',
    resolve: (connection) => connection.facetScope ?? { filter: {} },
  }),
);
