import { builder } from '../builder.ts';
import { AuthorRef, PaperConnectionRef, PaperRef } from '../refs.ts';
import { loadPaperConnection, PaperOrderEnum } from './paper-list.ts';

builder.node(AuthorRef, {
  description: 'An author of papers. Names that differ only in case, accents or punctuation are one author.',
  id: { resolve: (author) => author.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.authorById.load(Number(id)))),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name as first imported.' }),
    paperCount: t.exposeInt('paperCount', { description: 'Papers by this author.' }),
    papers: t.connection(
      {
        type: PaperRef,
        description: "The author's papers.",
        args: { orderBy: t.arg({ type: PaperOrderEnum, description: 'The order (default PUBLISHED_AT_DESC).' }) },
        resolve: (author, args, ctx) => loadPaperConnection(ctx, { authorId: author.id }, args, () => author.paperCount),
      },
      PaperConnectionRef,
    ),
  }),
});
