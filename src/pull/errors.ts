/**
 * The one error type of a pull: something the user can act on (a query pull cannot page, a GraphQL
 * error, a server that stays unavailable, an output that cannot be written). The command prints its
 * message alone, never a stack trace.
 */
export class PullError extends Error {
  /** `extensions.code` of the GraphQL error that stopped the pull, when one did. */
  readonly code: string | undefined;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PullError';
    this.code = options.code;
  }
}
