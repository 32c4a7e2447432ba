/**
 * The error codes clients see in `extensions.code`, and the one way resolvers raise them. Errors
 * raised here pass through Yoga's masking; anything else becomes "Unexpected error.".
 */
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  /** A page size over the maximum, or negative. */
  EXCESSIVE_PAGINATION: 'EXCESSIVE_PAGINATION',
  /** A cursor that was not issued by this connection (or this order). */
  INVALID_CURSOR: 'INVALID_CURSOR',
  /** A global id that is not one of ours. */
  INVALID_ID: 'INVALID_ID',
  /** Arguments that cannot be combined, or that are missing. */
  INVALID_ARGUMENTS: 'INVALID_ARGUMENTS',
  /** A filter names a topic that does not exist. */
  UNKNOWN_TOPIC: 'UNKNOWN_TOPIC',
  /** An operation that would cost more than the limit (see builder.ts MAX_COMPLEXITY). */
  COMPLEXITY_LIMIT: 'COMPLEXITY_LIMIT',
  /** A list argument longer than allowed. */
  ARGUMENT_LIMIT: 'ARGUMENT_LIMIT',
  /** A value of a custom scalar (Date) that does not parse. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A client error: HTTP 400 when nothing else could be answered, with a machine-readable code. */
export function userError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 }, ...extra } });
}
