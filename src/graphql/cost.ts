/**
 * The cost of an operation, computed once per request before it runs (Pothos's variable-aware
 * complexity: page sizes given as variables count): over MAX_COMPLEXITY it is refused with 400
 * COMPLEXITY_LIMIT and nothing runs. Every response says what its operation cost, as Shopify's and
 * GitHub's APIs do, so a client can see how close it is to the limit before it is refused.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_COMPLEXITY } from './builder.ts';
import { ErrorCode, userError } from './errors.ts';

const costOf = (requestedQueryCost: number) => ({ cost: { requestedQueryCost, maximumAvailable: MAX_COMPLEXITY } });

export function operationCost(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let cost: number;
      try {
        cost = complexityFromQuery(args.document, {
          schema: args.schema,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          ctx: args.contextValue as object,
        }).complexity;
      } catch {
        return; // the operation fails on its variables; its errors say why
      }
      if (cost > MAX_COMPLEXITY) {
        const error = userError(
          ErrorCode.COMPLEXITY_LIMIT,
          `This operation would cost ${cost}, more than the limit of ${MAX_COMPLEXITY}; ask for fewer items per page`,
          { cost, limit: MAX_COMPLEXITY },
        );
        setResultAndStopExecution({ errors: [error], extensions: costOf(cost) });
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return;
          const single = result as ExecutionResult;
          setResult({ ...single, extensions: { ...single.extensions, ...costOf(cost) } });
        },
      };
    },
  };
}
