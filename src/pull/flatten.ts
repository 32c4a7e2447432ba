/**
 * Turns rows (nested JSON, as GraphQL returns them) into flat CSV records.
 *
 * The columns come from the query, not from the data: every leaf field the row selects, in query
 * order, nested objects named with dots (`repository.fullName`). So the header is known before the
 * first page arrives, a field that happens to be null all through the first page still has its
 * column, and no field can turn up later with no column to go in (a resumed pull carries on with
 * the same columns, too).
 *
 * A cell holds every value found along its dotted path, in order, joined with `; `: a list of
 * scalars gives its items (`keywords` → "a; b"), a list of objects gives one value per item for
 * each of its fields (`authors.name` → "A; B", `authors.id` → "1; 2": the i-th values of two
 * columns belong to the same item). A null item or field still takes its place (an empty value), so
 * that correspondence holds; lists inside lists are flattened in order. Booleans and numbers are
 * written as JSON writes them; a leaf whose value is an object (a JSON scalar) is written as JSON.
 */
import type { Shape } from './query.ts';

/** The separator of the values of a list in one CSV cell. */
export const LIST_SEPARATOR = '; ';

/** The column names of a row shape: its leaf paths, dotted, in query order. */
export function columnsOf(shape: Shape, prefix = ''): string[] {
  const columns: string[] = [];
  for (const [key, sub] of shape) {
    const name = prefix + key;
    if (sub) columns.push(...columnsOf(sub, `${name}.`));
    else columns.push(name);
  }
  return columns;
}

function valuesAt(value: unknown, keys: readonly string[], index: number, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) valuesAt(item, keys, index, out);
    return;
  }
  if (index === keys.length) {
    out.push(value);
    return;
  }
  if (value === null || value === undefined || typeof value !== 'object') {
    // A null object (or item of a list of objects) still takes its place: see the file comment.
    out.push(null);
    return;
  }
  valuesAt((value as Record<string, unknown>)[keys[index]!], keys, index + 1, out);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Compiles the columns once; the returned function flattens one row into cells, in column order. */
export function rowFlattener(columns: readonly string[]): (row: unknown) => string[] {
  const paths = columns.map((column) => column.split('.'));
  return (row) =>
    paths.map((keys) => {
      const values: unknown[] = [];
      valuesAt(row, keys, 0, values);
      return values.map(cellText).join(LIST_SEPARATOR);
    });
}
