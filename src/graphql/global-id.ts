/**
 * Global ids: opaque to clients (base64url of `Type:key`), strict when read back, so a malformed
 * or foreign id is a clear INVALID_ID error rather than an internal one.
 */
import { ErrorCode, userError } from './errors.ts';

/** The types that implement Node; an id naming any other type is invalid. */
export const NODE_TYPES = new Set(['Paper', 'Topic', 'Keyword', 'Repository', 'Author']);

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

const invalidId = (globalId: string) => userError(ErrorCode.INVALID_ID, `"${globalId.slice(0, 100)}" is not a valid id`);

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(globalId)) throw invalidId(globalId);
  const match = /^([A-Za-z]+):([1-9]\d{0,15})$/.exec(Buffer.from(globalId, 'base64url').toString('utf8'));
  if (!match || !NODE_TYPES.has(match[1]!)) throw invalidId(globalId);
  return { typename: match[1]!, id: match[2]! };
}

/** Decodes a global id that must be of one type, returning its numeric key. */
export function decodeGlobalIdOf(typename: string, globalId: string): number {
  const decoded = decodeGlobalId(globalId);
  if (decoded.typename !== typename) throw userError(ErrorCode.INVALID_ID, `"${globalId.slice(0, 100)}" is not the id of a ${typename}`);
  return Number(decoded.id);
}
