/**
 * The cost of an operation, computed once per request before it runs (Pothos's variable-aware
 * complexity: page sizes given as variables count): over MAX_COMPLEXITY it is refused with 400
 * COMPLEXITY_LIMIT and nothing runs. Every response says what its operation cost, as Shopify's and
 * GitHub's APIs do, so a client can see how close it is to the limit before it is refused.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { getOperationAST, getVariableValues, GraphQLError, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_COMPLEXITY } from './builder.ts';
import { ErrorCode, userError } from './errors.ts';

const badVariables = (schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown>) =>
  Boolean(getVariableValues(schema, operation.variableDefinitions ?? [], raw).errors);

const costOf = (requestedQueryCost: number) => ({ cost: { requestedQueryCost, maximumAvailable: MAX_COMPLEXITY } });

export function operationCost(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      // The operation that will run: a document may hold several, and only the named one runs.
      const operation = getOperationAST(args.document, args.operationName);
      // No such operation: the executor refuses the request itself, with the usual error.
      if (!operation) return;
      const raw = (args.variableValues ?? {}) as Record<string, unknown>;
      // Variables that do not fit the operation are refused by the executor, before any field runs,
      // with the usual errors. Pricing coerces them itself and throws the first such error, so they
      // are checked again only when pricing fails, to tell them from arguments it cannot read.

      // Priced without the document's other operations (fragments stay); most documents hold one.
      const priced: DocumentNode =
        args.document.definitions.length === 1
          ? args.document
          : {
              ...args.document,
              definitions: args.document.definitions.filter((d: DocumentNode['definitions'][number]) => d.kind !== Kind.OPERATION_DEFINITION || d === operation),
            };
      let cost: number;
      try {
        cost = complexityFromQuery(priced, { schema: args.schema, variables: raw, ctx: args.contextValue as object }).complexity;
      } catch (error) {
        if (badVariables(args.schema, operation, raw)) return;
        // Pricing reads the arguments (`nodes` decodes its ids): one it cannot read is refused here,
        // before any field runs, rather than letting the operation run unpriced.
        const refusal = error instanceof GraphQLError ? error : userError(ErrorCode.INVALID_ARGUMENTS, 'The operation could not be priced');
        setResultAndStopExecution({ errors: [refusal] });
        return;
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
