/**
 * A paper's lists hold brief rows of its authors, topics, keywords and repositories: the columns
 * most clients ask for (`AuthorBrief` in src/db/queries/authors.ts and its siblings). A field that
 * needs another column reads the whole row by id, batched with every other such row of the request:
 * one statement for all of them, and none when no such field is asked for.
 */
import type DataLoader from 'dataloader';

/** `row` if it is whole (it has `column`), else the whole row with its id. */
export async function wholeRow<Whole extends { id: number }, Brief extends { id: number }>(
  row: Whole | Brief,
  column: Exclude<keyof Whole, keyof Brief>,
  loader: DataLoader<number, Whole | null>,
): Promise<Whole> {
  if (column in row) return row as Whole;
  const whole = await loader.load(row.id);
  // Rows named by a paper's lists are not deleted while it is being read.
  if (!whole) throw new Error(`No row with id ${row.id}`);
  return whole;
}
