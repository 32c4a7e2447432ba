/** The GraphQL schema: every type module registers itself with the builder on import. */
import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import { encodeGlobalId } from './global-id.ts';
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

type NodeIdOption = { id: { resolve: (parent: unknown) => unknown } };

/**
 * Gives every node type's `id` a synchronous resolver. The relay plugin wraps each one in an async
 * function (an id may be a promise there), so every object with an `id` was a promise the executor
 * had to wait for: 7–10% of the CPU of a page of 20 papers (bench/README.md, "Fifth round"). Here
 * every id is a column of the row, encoded at once with the encoder the plugin is given.
 */
function resolveNodeIdsAtOnce(built: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(built.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const typename = type.name;
    const { id } = builder.configStore.getTypeConfig(typename).pothosOptions as unknown as NodeIdOption;
    type.getFields().id!.resolve = (parent) => {
      const value = id.resolve(parent);
      if (typeof value !== 'number' && typeof value !== 'string') throw new Error(`${typename}.id must resolve to a number or a string`);
      return encodeGlobalId(typename, value);
    };
  }
  return built;
}

export const schema = resolveNodeIdsAtOnce(builder.toSchema({ sortSchema: false }));
