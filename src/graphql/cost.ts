/**
 * Every response says what its operation cost, as Shopify's and GitHub's APIs do, so a client
 * can see how close it is to the limit before it is refused.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_COMPLEXITY } from './builder.ts';

export function costExtension(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return;
          let cost: number;
          try {
            cost = complexityFromQuery(args.document, {
              schema: args.schema,
              variables: (args.variableValues ?? {}) as Record<string, unknown>,
              ctx: args.contextValue as object,
            }).complexity;
          } catch {
            return; // the operation failed on its variables; its errors say why
          }
          const single = result as ExecutionResult;
          setResult({ ...single, extensions: { ...single.extensions, cost: { requestedQueryCost: cost, maximumAvailable: MAX_COMPLEXITY } } });
        },
      };
    },
  };
}
