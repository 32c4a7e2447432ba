/**
 * Runs operations through graphql-jit, which compiles each operation of a document into a function
 * that resolves exactly its selection, where graphql-js's executor walks the document and the
 * schema again for every object of every request. A topic's 20 papers with their four lists (some
 * 900 fields) execute in about 40% less CPU, a paper with its lists in about a third less
 * (bench/README.md, "Eighth round").
 *
 * What stays with the interpreting executor, so that every answer is the one it would give:
 * - an operation's first run: compiling costs several interpreted runs, and a document sent once
 *   (a GraphiQL session, a flood of distinct documents) would pay it for nothing. The compiled
 *   operation lives as long as Yoga keeps the document in its bounded cache (a weak map here);
 * - an operation graphql-jit cannot compile (it says so; the interpreter answers it as always);
 * - a request whose variables do not fit the operation, as graphql-js coerces them (graphql-jit
 *   lets some through that graphql-js refuses, such as a list given for an input object): the
 *   interpreter refuses it with the usual 400 and codes.
 *
 * An answer is the same bytes either way (its ETag too): graphql-jit's field errors carry their
 * locations but not the document's nodes, from which Yoga writes an error's locations again when it
 * answers, so they are made into graphql-js's errors here, at the same positions of the same
 * source; and they come before the data, as graphql-js writes them.
 *
 * graphql-jit does not read the execution's abort signal, which the execution timeout
 * (`executionTimeout` in src/http/limits.ts) sets. Here the execution is raced against it: once it
 * aborts, the request is answered with its reason (503 OPERATION_TIMEOUT) as the interpreter does,
 * and `stop` is told, so that the operation's remaining fields read no more from the database.
 */
import { getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type ExecutionResult, type Source, type VariableDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

export interface CompiledExecutionOptions {
  /** Runs an operation has with the interpreter before it is compiled. */
  interpretedRuns?: number;
  /** Called once when the signal stops a compiled execution, with its context and the reason. */
  stop?: (contextValue: unknown, reason: unknown) => void;
  /** The compiler (graphql-jit's); given by tests that count compilations. */
  compile?: typeof compileQuery;
}

interface Operation {
  runs: number;
  /** The compiled operation; null once graphql-jit has declined it. */
  compiled?: CompiledQuery | null;
  /** Its variables, as graphql-js coerces them first. */
  variables: readonly VariableDefinitionNode[];
}

/** What the execution timeout adds to an execution's arguments. */
type WithSignal = { signal?: AbortSignal };

export function compiledExecution({ interpretedRuns = 1, stop, compile = compileQuery }: CompiledExecutionOptions = {}): Plugin {
  // Per document (as Yoga's document cache hands out one object per query text), per operation name.
  const operations = new WeakMap<DocumentNode, Map<string, Operation>>();

  const operationOf = (document: DocumentNode, name: string): Operation => {
    let byName = operations.get(document);
    if (!byName) operations.set(document, (byName = new Map()));
    let operation = byName.get(name);
    if (!operation) byName.set(name, (operation = { runs: 0, variables: getOperationAST(document, name || undefined)?.variableDefinitions ?? [] }));
    return operation;
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = operationOf(args.document, args.operationName ?? '');
      if (operation.runs < interpretedRuns) {
        operation.runs++;
        return;
      }
      if (operation.compiled === undefined) {
        const compiled = compile(args.schema, args.document, args.operationName ?? undefined, {
          // A resolver's error is answered by its message and code (Yoga masks the rest); the
          // stack trace graphql-jit would capture for each is never sent.
          disablingCapturingStackErrors: true,
        });
        operation.compiled = isCompiledQuery(compiled) ? compiled : null;
      }
      const compiled = operation.compiled;
      if (!compiled) return;
      const interpret = executeFn;
      const source = args.document.loc?.source;
      const definitions = operation.variables;
      // Errors first, as graphql-js writes them: the same answer is the same bytes (and ETag).
      const located = ({ errors, data, ...rest }: ExecutionResult): ExecutionResult =>
        errors?.length ? { errors: source ? errors.map((error) => locate(error, source)) : errors, data, ...rest } : { data, ...rest };
      setExecuteFn((execution) => {
        const variables = execution.variableValues ?? {};
        if (definitions.length && getVariableValues(execution.schema, definitions, variables).errors) return interpret(execution);
        const result = compiled.query(execution.rootValue, execution.contextValue, variables);
        if (!('then' in result)) {
          // Variables graphql-jit refuses (before any resolver ran): the interpreter answers them.
          return 'data' in result ? located(result) : interpret(execution);
        }
        const signal = (execution as WithSignal).signal;
        const done = result.then(located);
        return signal ? abortable(done, signal, (reason) => stop?.(execution.contextValue, reason)) : done;
      });
    },
  };
}

/** A graphql-jit error as graphql-js's own: the same message, path and cause, at positions of the source. */
function locate(error: GraphQLError, source: Source): GraphQLError {
  if (error.nodes || !error.locations) return error;
  const lineStarts = [0];
  for (let i = source.body.indexOf('\n'); i !== -1; i = source.body.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return new GraphQLError(error.message, {
    source,
    positions: error.locations.map(({ line, column }) => lineStarts[line - 1]! + column - 1),
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/**
 * `execution`, or the signal's reason as soon as it aborts (then `onAbort` is called once). The
 * listener goes when the execution ends: one signal is shared by every operation of a window
 * (`executionTimeout`), and a listener left on it would hold its execution's context until then.
 */
function abortable<T>(execution: Promise<T>, signal: AbortSignal, onAbort: (reason: unknown) => void): Promise<T> {
  if (signal.aborted) {
    onAbort(signal.reason);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const aborted = () => {
      onAbort(signal.reason);
      reject(signal.reason);
    };
    signal.addEventListener('abort', aborted, { once: true });
    execution.then(
      (value) => {
        signal.removeEventListener('abort', aborted);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', aborted);
        reject(error);
      },
    );
  });
}
