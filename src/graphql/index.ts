/** The GraphQL schema: every type module registers itself with the builder on import. */
import { builder } from './builder.ts';
import './types/scalars.ts';
import './types/provenance.ts';
import './types/paper.ts';
import './types/related.ts';
import './types/author.ts';
import './types/topic.ts';
import './types/keyword.ts';
import './types/repository.ts';
import './types/search.ts';
import './types/facets.ts';
import './types/suggest.ts';
import './types/catalogue.ts';

export const schema = builder.toSchema({ sortSchema: false });
