import { builder } from '../builder.ts';
import { AuthorRef } from '../refs.ts';
import { papersOfField } from './paper-list.ts';

builder.node(AuthorRef, {
  description: 'An author of papers. Names that differ only in case, accents or punctuation are one author.',
  id: { resolve: (author) => author.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.authorById.load(Number(id)))),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name as first imported.' }),
    paperCount: t.exposeInt('paperCount', { description: 'Papers by this author.' }),
    papers: papersOfField(t, "The author's papers.", (author) => ({ authorId: author.id })),
  }),
});
