/**
 * A paper's lists hold brief rows of its authors, topics, keywords and repositories: the columns
 * most clients ask for (`AuthorBrief` in src/db/queries/authors.ts and its siblings). A field that
 * needs another column reads the whole row by id, batched with every other such row of the request:
 * one statement for all of them, and none when no such field is asked for.
 */
import type DataLoader from 'dataloader';

/**
 * `column` of `row`: at once when the row holds it (a whole row, from any other read), else from
 * the whole row with its id. Synchronous in the first case, so that a list of whole rows (the top
 * topics, say) does not make a promise of every such field.
 */
export function columnOf<Whole extends { id: number }, Brief extends { id: number }, Column extends keyof Whole>(
  row: Whole | Brief,
  column: Column,
  loader: DataLoader<number, Whole | null>,
): Whole[Column] | Promise<Whole[Column]> {
  if (column in row) return (row as Whole)[column];
  return loader.load(row.id).then((whole) => {
    // An import that deleted the row since the list was read has committed while the operation
    // ran, which runs it again (src/graphql/consistent-execution.ts): only the last of its
    // bounded runs can end here.
    if (!whole) throw new Error(`No row with id ${row.id}`);
    return whole[column];
  });
}
