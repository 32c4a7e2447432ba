import type { Context } from '../../context.ts';
import { builder } from '../builder.ts';
import { AuthorRef } from '../refs.ts';
import { wholeRow } from '../whole-row.ts';
import { papersOfField } from './paper-list.ts';

const paperCount = async (author: typeof AuthorRef.$inferType, ctx: Context) =>
  (await wholeRow(author, 'paperCount', ctx.loaders.authorById)).paperCount;

builder.node(AuthorRef, {
  description: 'An author of papers. Names that differ only in case, accents or punctuation are one author.',
  id: { resolve: (author) => author.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.authorById.load(Number(id)))),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name as first imported.' }),
    paperCount: t.int({ description: 'Papers by this author.', resolve: (author, _args, ctx) => paperCount(author, ctx) }),
    papers: papersOfField(t, "The author's papers.", (author) => ({ authorId: author.id }), paperCount),
  }),
});
