/**
 * The cost of an operation, computed once per request before it runs (Pothos's variable-aware
 * complexity: page sizes given as variables count): over MAX_COMPLEXITY it is refused with 400
 * COMPLEXITY_LIMIT and nothing runs. Every response says what its operation cost, as Shopify's and
 * GitHub's APIs do, so a client can see how close it is to the limit before it is refused.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { getOperationAST, getVariableValues, GraphQLError, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { MAX_COMPLEXITY } from './builder.ts';
import { ErrorCode, userError } from './errors.ts';

const costOf = (requestedQueryCost: number) => ({ cost: { requestedQueryCost, maximumAvailable: MAX_COMPLEXITY } });

/**
 * Costs already computed, by document, operation name and variables: pricing walks the whole
 * operation against the schema, a tenth of a cheap request's time in the executor, and clients
 * repeat the same operations. Yoga's parser cache hands back the same document object for the same
 * text, which gets a number here for as long as it lives. A cost depends only on the document and
 * its variables (no complexity function here reads the context).
 *
 * One LRU for all documents bounds the memory whatever clients send: at most MAX_KNOWN_COSTS
 * entries, and variables longer than MAX_PRICED_VARIABLES characters are priced every time (a
 * script paging through a list sends a new cursor with every page; those stay short).
 */
const documentNumbers = new WeakMap<DocumentNode, number>();
let documentsNumbered = 0;
const MAX_KNOWN_COSTS = 4096;
const MAX_PRICED_VARIABLES = 512;
const knownCosts = new LRUCache<string, number>({ max: MAX_KNOWN_COSTS });

function costKey(args: ExecutionArgs, variables: Record<string, unknown>): string | undefined {
  const text = JSON.stringify(variables);
  if (text.length > MAX_PRICED_VARIABLES) return undefined;
  let number = documentNumbers.get(args.document);
  if (number === undefined) documentNumbers.set(args.document, (number = ++documentsNumbered));
  return `${number}\n${args.operationName ?? ''}\n${text}`;
}

/**
 * The cost of the operation about to run; `undefined` when the executor will refuse it itself (no
 * such operation, or variables that do not fit it). Throws a GraphQLError when it cannot be priced.
 */
function priceOperation(args: ExecutionArgs): number | undefined {
  const raw = (args.variableValues ?? {}) as Record<string, unknown>;
  const key = costKey(args, raw);
  const known = key === undefined ? undefined : knownCosts.get(key);
  if (known !== undefined) return known;

  // The operation that will run: a document may hold several, and only the named one runs.
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  if (getVariableValues(args.schema, operation.variableDefinitions ?? [], raw).errors) return undefined;
  const priced: DocumentNode = {
    ...args.document,
    definitions: args.document.definitions.filter((d: DocumentNode['definitions'][number]) => d.kind !== Kind.OPERATION_DEFINITION || d === operation),
  };
  let cost: number;
  try {
    cost = complexityFromQuery(priced, { schema: args.schema, variables: raw, ctx: args.contextValue as object }).complexity;
  } catch (error) {
    // Pricing reads the arguments (`nodes` decodes its ids): one it cannot read is refused here,
    // before any field runs, rather than letting the operation run unpriced.
    throw error instanceof GraphQLError ? error : userError(ErrorCode.INVALID_ARGUMENTS, 'The operation could not be priced');
  }
  if (key !== undefined) knownCosts.set(key, cost);
  return cost;
}

export function operationCost(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let cost: number | undefined;
      try {
        cost = priceOperation(args);
      } catch (refusal) {
        setResultAndStopExecution({ errors: [refusal as GraphQLError] });
        return;
      }
      // The executor refuses the request itself, with the usual errors, before any field runs.
      if (cost === undefined) return;
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
