/** Facts about the catalogue as a whole. */
import { eq } from 'drizzle-orm';
import { catalogueState } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';

/** Grows with every import that changes something: a response computed at an older version is stale. */
export function getCatalogueVersion(db: Db): number {
  return db.select({ version: catalogueState.version }).from(catalogueState).where(eq(catalogueState.id, 1)).get()?.version ?? 0;
}
