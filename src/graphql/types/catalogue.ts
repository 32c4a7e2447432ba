import { getCatalogueSummary, type CatalogueSummary } from '../../db/queries/catalogue.ts';
import { builder } from '../builder.ts';

const Catalogue = builder.objectRef<CatalogueSummary>('Catalogue').implement({
  description: 'The catalogue as a whole: its size, and a version that tells a client whether its copy is current.',
  fields: (t) => ({
    version: t.exposeInt('version', {
      description: 'Grows by one with every import that changes something. Unchanged version: nothing to pull again.',
    }),
    updatedAt: t.exposeString('updatedAt', {
      nullable: true,
      description: 'When the last import that changed something committed (ISO 8601, UTC); null before the first.',
    }),
    paperCount: t.exposeInt('paperCount', { description: 'Papers in the catalogue.' }),
    topicCount: t.exposeInt('topicCount', { description: 'Topics of every kind.' }),
    keywordCount: t.exposeInt('keywordCount', { description: 'Distinct keywords.' }),
    repositoryCount: t.exposeInt('repositoryCount', { description: 'Code repositories linked to papers.' }),
    authorCount: t.exposeInt('authorCount', { description: 'Distinct authors.' }),
  }),
});

builder.queryField('catalogue', (t) =>
  t.field({
    type: Catalogue,
    description: "The catalogue's version and size.",
    resolve: (_root, _args, ctx) => getCatalogueSummary(ctx.db),
  }),
);
