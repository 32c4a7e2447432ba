/**
 * References to the object types, declared apart from their implementations so that type modules
 * can point at each other (a paper has topics, a topic has papers) without import cycles.
 */
import type { AuthorRow, KeywordRow, PaperRow, RepositoryRow, TopicRow } from '../../schema/tables.ts';
import { builder } from './builder.ts';

export const PaperRef = builder.objectRef<PaperRow>('Paper');
export const AuthorRef = builder.objectRef<AuthorRow>('Author');
export const TopicRef = builder.objectRef<TopicRow>('Topic');
export const KeywordRef = builder.objectRef<KeywordRow>('Keyword');
export const RepositoryRef = builder.objectRef<RepositoryRow>('Repository');

/** The one connection type for lists of papers, wherever they appear. */
export const PaperConnectionRef = builder.connectionObject(
  { type: PaperRef, name: 'PaperConnection', description: 'A page of papers.' },
  { name: 'PaperEdge', description: 'A paper in a page of papers.' },
);
