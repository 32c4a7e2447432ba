/**
 * Every answer reads one state of the catalogue, even while an import commits.
 *
 * A request's statements run one at a time on its process's one connection, each in a read
 * transaction of its own, between the statements of the other requests in flight: a request
 * cannot hold one snapshot for all of them. An import in another process that commits between two
 * of them would give the request rows of two catalogues: a page listed before the import and
 * counted after it, or a keyword named by a paper's list and gone when its whole row is read (an
 * error).
 *
 * So the connection's count of commits by other connections is read before and after the
 * operation runs. When it moved, the operation is run again, with its loaders emptied, until a run
 * sees no commit. An import commits once, so a second run is almost always the last; the runs are
 * bounded all the same (`maxRuns`), and the last run's answer is given as it is. An operation
 * costs two reads of a pragma (about 3 µs each, against some 500 µs for a paper with its lists),
 * and nothing for a private in-memory catalogue, which no other connection can change.
 *
 * Queries have no side effects, so running one again changes nothing but the answer, which is
 * then all from the newer catalogue. The execution timeout's signal covers every run: once it has
 * aborted, no run starts.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface ConsistentExecutionOptions {
  /** A number that changes when another connection commits; null when none can. */
  commitsSeen: () => number | null;
  /** Forgets what a run of the operation read (its context's loaders). */
  forget: (contextValue: unknown) => void;
  /** Runs at most, the first included. */
  maxRuns?: number;
}

/** Two runs cover an import that commits while the first runs; a third covers one more. */
export const MAX_RUNS = 3;

export function consistentExecution({ commitsSeen, forget, maxRuns = MAX_RUNS }: ConsistentExecutionOptions): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      const first = commitsSeen();
      if (first === null) return;
      const run = executeFn;
      setExecuteFn(async (execution) => {
        const signal = (execution as { signal?: AbortSignal }).signal;
        let before: number | null = first;
        for (let runs = 1; ; runs++) {
          const result = (await run(execution)) as ExecutionResult | AsyncIterable<ExecutionResult>;
          const after = commitsSeen();
          // No commit came between the run's statements, or this is the last run.
          if (after === before || runs >= maxRuns || signal?.aborted || Symbol.asyncIterator in result) return result;
          forget(execution.contextValue);
          before = after;
        }
      });
    },
  };
}
