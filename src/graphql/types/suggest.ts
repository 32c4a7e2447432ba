/**
 * `suggest`: what a search box offers while someone types. Each kind is a bounded lookup (see
 * db/queries/suggest.ts), so it stays fast on any catalogue size.
 */
import { brandWithType } from '@pothos/core';
import type { Db } from '../../db/client.ts';
import { getSuggestScope, suggestKeywords, suggestPapers, suggestRepositories, suggestTopics, type SuggestScope } from '../../db/queries/suggest.ts';
import { prefixKey } from '../../ingest/normalise.ts';
import { builder } from '../builder.ts';
import { itemsAsked, pageSize } from '../pagination.ts';
import { KeywordRef, PaperRef, RepositoryRef, TopicRef } from '../refs.ts';

/** The most suggestions of one kind a call returns. */
export const MAX_SUGGESTIONS = 20;
const DEFAULT_SUGGESTIONS = 5;
/** Longer input is no longer a prefix someone is typing; only its start is used. */
const MAX_PREFIX_LENGTH = 200;

const KINDS = ['TOPIC', 'KEYWORD', 'REPOSITORY', 'PAPER'] as const;
type SuggestionKind = (typeof KINDS)[number];

const SuggestionKindEnum = builder.enumType('SuggestionKind', {
  description: 'What a suggestion points to.',
  values: {
    TOPIC: { description: 'A topic whose name has a word starting with the prefix; most papers first.' },
    KEYWORD: { description: 'A keyword starting with the prefix; most papers first.' },
    REPOSITORY: { description: 'A code repository whose owner or name starts with the prefix (or `owner/name…`); most papers first.' },
    PAPER: { description: 'A paper whose title starts with the prefix; by title.' },
  } satisfies Record<SuggestionKind, unknown>,
});

interface Suggestion {
  kind: SuggestionKind;
  text: string;
  node: object;
}

const SuggestionRef = builder.objectRef<Suggestion>('Suggestion').implement({
  description: 'Something to offer while a search is typed: a label and the object it stands for.',
  fields: (t) => ({
    kind: t.field({ type: SuggestionKindEnum, description: 'What the suggestion points to.', resolve: (s) => s.kind }),
    text: t.exposeString('text', { description: 'The label to show: a topic name, keyword, `owner/name` or paper title.' }),
    node: t.field({
      type: builder.nodeInterfaceRef(),
      description: 'The Topic, Keyword, Repository or Paper (select its fields with inline fragments).',
      resolve: (s) => s.node,
    }),
  }),
});

/**
 * Finds suggestions of one kind; each row is branded with its GraphQL type for `node`. Names and
 * titles compare folded (`prefixKey`); repositories keep their punctuation (`owner/my-repo.js`).
 */
const FIND: Record<SuggestionKind, (db: Db, scope: () => SuggestScope, typed: string, first: number) => Suggestion[]> = {
  TOPIC: (db, scope, typed, first) => suggestTopics(db, scope(), prefixKey(typed), first).map((row) => suggestion('TOPIC', row.name, row, TopicRef)),
  KEYWORD: (db, scope, typed, first) =>
    suggestKeywords(db, scope(), prefixKey(typed), first).map((row) => suggestion('KEYWORD', row.term, row, KeywordRef)),
  REPOSITORY: (db, scope, typed, first) =>
    suggestRepositories(db, scope(), typed.trim().toLowerCase(), first).map((row) =>
      suggestion('REPOSITORY', `${row.owner}/${row.name}`, row, RepositoryRef),
    ),
  PAPER: (db, _scope, typed, first) => suggestPapers(db, prefixKey(typed), first).map((row) => suggestion('PAPER', row.title, row, PaperRef)),
};

function suggestion(kind: SuggestionKind, text: string, node: object, ref: Parameters<typeof brandWithType>[1]): Suggestion {
  brandWithType(node, ref);
  return { kind, text, node };
}

builder.queryField('suggest', (t) =>
  t.field({
    type: [SuggestionRef],
    description: `Suggestions for search-as-you-type: at most \`first\` of each kind asked for, grouped in the order ${KINDS.join(', ')}. Case, accents and punctuation are ignored.`,
    args: {
      prefix: t.arg.string({ required: true, description: 'What has been typed so far.' }),
      first: t.arg.int({ defaultValue: DEFAULT_SUGGESTIONS, description: `The most suggestions of each kind (default ${DEFAULT_SUGGESTIONS}, at most ${MAX_SUGGESTIONS}).` }),
      kinds: t.arg({ type: [SuggestionKindEnum], description: 'The kinds to suggest (default all).' }),
    },
    complexity: (args) => ({ field: 1, multiplier: itemsAsked(args.first, DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS) * (args.kinds?.length ?? KINDS.length) }),
    resolve: (_root, args, ctx) => {
      const first = pageSize(args.first ?? DEFAULT_SUGGESTIONS, 'first', MAX_SUGGESTIONS);
      const typed = args.prefix.slice(0, MAX_PREFIX_LENGTH);
      // Nothing but punctuation and spaces is no prefix of anything worth offering.
      if (!prefixKey(typed).trim() || first === 0) return [];
      const kinds = new Set(args.kinds ?? KINDS);
      // Read once for all kinds, and only if one needs it (paper titles do not).
      let scope: SuggestScope | undefined;
      const scopeOnce = () => (scope ??= getSuggestScope(ctx.db));
      return KINDS.filter((kind) => kinds.has(kind)).flatMap((kind) => FIND[kind](ctx.db, scopeOnce, typed, first));
    },
  }),
);
