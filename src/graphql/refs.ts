/**
 * References to the object types, declared apart from their implementations so that type modules
 * can point at each other (a paper has topics, a topic has papers) without import cycles.
 */
import type { AuthorRow, KeywordRow, PaperRow, RepositoryRow, TopicRow } from '../../schema/tables.ts';
import type { AuthorBrief } from '../db/queries/authors.ts';
import type { KeywordBrief } from '../db/queries/keywords.ts';
import type { RepositoryBrief } from '../db/queries/repositories.ts';
import type { TopicBrief } from '../db/queries/topics.ts';
import { builder } from './builder.ts';

export const PaperRef = builder.objectRef<PaperRow>('Paper');
// Whole rows, or the brief ones of a paper's lists (see whole-row.ts).
export const AuthorRef = builder.objectRef<AuthorRow | AuthorBrief>('Author');
export const TopicRef = builder.objectRef<TopicRow | TopicBrief>('Topic');
export const KeywordRef = builder.objectRef<KeywordRow | KeywordBrief>('Keyword');
export const RepositoryRef = builder.objectRef<RepositoryRow | RepositoryBrief>('Repository');

/** The one connection type for lists of papers, wherever they appear. */
export const PaperConnectionRef = builder.connectionObject(
  { type: PaperRef, name: 'PaperConnection', description: 'A page of papers.' },
  { name: 'PaperEdge', description: 'A paper in a page of papers.' },
);
