/**
 * Connection arguments in, keyset pages out, and back to Relay connections. Cursors are opaque
 * (base64url of JSON) and carry the name of the order they belong to, so a cursor from another
 * order or connection kind is rejected instead of silently giving a wrong page.
 */
import { keyValues, type KeysetPage, type KeysetResult, type KeyValue, type SortKey } from '../db/keyset.ts';
import { ErrorCode, userError } from './errors.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export function encodeCursor(order: string, values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify([order, ...values]), 'utf8').toString('base64url');
}

/** The key values in a cursor, provided it was issued for `order` with `arity` keys. */
export function decodeCursor(cursor: string, order: string, arity: number): KeyValue[] {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) throw invalidCursor(cursor);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(cursor);
  }
  if (!Array.isArray(decoded) || decoded.length !== arity + 1 || decoded[0] !== order) throw invalidCursor(cursor);
  const values = decoded.slice(1);
  if (!values.every(isKeyValue)) throw invalidCursor(cursor);
  return values as KeyValue[];
}

const invalidCursor = (cursor: string) => userError(ErrorCode.INVALID_CURSOR, `"${cursor.slice(0, 100)}" is not a cursor of this connection`);
const isKeyValue = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** A requested number of items, checked against the limit of its list (the page size by default). */
export function pageSize(value: number, arg: string, max = MAX_PAGE_SIZE): number {
  if (value < 0) throw userError(ErrorCode.INVALID_ARGUMENTS, `\`${arg}\` must not be negative`);
  if (value > max) {
    throw userError(ErrorCode.EXCESSIVE_PAGINATION, `Requesting ${value} items exceeds the \`${arg}\` limit of ${max}`, { limit: max });
  }
  return value;
}

/**
 * How many items a list argument asks for, as the cost limit counts them: never below 0 nor over
 * the list's limit (over it, `pageSize` reports the more precise EXCESSIVE_PAGINATION).
 */
export function itemsAsked(value: number | null | undefined, byDefault: number, max = MAX_PAGE_SIZE): number {
  return Math.min(Math.max(0, value ?? byDefault), max);
}

/**
 * Reads `first/after` (forward) or `last/before` (backward). Mixing the two directions has no
 * single sensible meaning, so it is an error rather than a guess.
 */
export function readPage(args: ConnectionArgs, order: string, arity: number): KeysetPage {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw userError(ErrorCode.INVALID_ARGUMENTS, 'Pass `first` or `last`, not both');
  if (after != null && before != null) throw userError(ErrorCode.INVALID_ARGUMENTS, 'Pass `after` or `before`, not both');
  if (first != null && before != null) throw userError(ErrorCode.INVALID_ARGUMENTS, '`first` pages forward: use it with `after`, or use `last` with `before`');
  if (last != null && after != null) throw userError(ErrorCode.INVALID_ARGUMENTS, '`last` pages backward: use it with `before`, or use `first` with `after`');
  const backward = last != null || before != null;
  const limit = pageSize(first ?? last ?? DEFAULT_PAGE_SIZE, last != null ? 'last' : 'first');
  const cursor = after ?? before;
  return { limit, backward, after: cursor == null ? null : decodeCursor(cursor, order, arity) };
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => number | Promise<number>;
}

/** An edge whose cursor is encoded only when read: most queries select `nodes` and never ask for one. */
class Edge<Row> {
  constructor(
    readonly node: Row,
    private readonly order: string,
    private readonly keys: readonly SortKey<Row>[],
  ) {}

  get cursor(): string {
    return encodeCursor(this.order, keyValues(this.keys, this.node));
  }
}

/** Builds a Relay connection from a keyset page. */
export function toConnection<Row>(
  result: KeysetResult<Row>,
  page: KeysetPage,
  order: string,
  keys: readonly SortKey<Row>[],
  totalCount: () => number | Promise<number>,
): Connection<Row> {
  const edges = result.rows.map((node) => new Edge(node, order, keys));
  // Paging forward from a cursor, the cursor's own row lies before the page (and vice versa).
  const hasCursor = page.after !== null;
  return {
    edges,
    pageInfo: {
      hasNextPage: page.backward ? hasCursor : result.hasMore,
      hasPreviousPage: page.backward ? result.hasMore : hasCursor,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
    totalCount,
  };
}
