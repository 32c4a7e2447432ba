import type { Context } from '../../context.ts';
import { builder } from '../builder.ts';
import { AuthorRef } from '../refs.ts';
import { columnOf } from '../whole-row.ts';
import { papersOfField } from './paper-list.ts';

const paperCount = (author: typeof AuthorRef.$inferType, ctx: Context) => columnOf(author, 'paperCount', ctx.loaders.authorById);

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
