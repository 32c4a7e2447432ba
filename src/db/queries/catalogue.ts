/** Facts about the catalogue as a whole. */
import { eq } from 'drizzle-orm';
import { catalogueState } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { perConnection } from '../prepared.ts';

const catalogueVersion = perConnection((db) =>
  db.select({ version: catalogueState.version }).from(catalogueState).where(eq(catalogueState.id, 1)).prepare(),
);

/**
 * A number that changes whenever another connection commits to the catalogue (SQLite's
 * `data_version`, which each connection keeps for itself): equal before and after a run of
 * statements, no commit came between them. Null for a private in-memory database, which no other
 * connection can change.
 */
export function commitsSeen(db: Db): number | null {
  return db.$client.memory ? null : (dataVersion(db).get() as number);
}

const dataVersion = perConnection((db) => db.$client.prepare('pragma data_version').pluck());

/** Grows with every import that changes something: a response computed at an older version is stale. */
export function getCatalogueVersion(db: Db): number {
  return catalogueVersion(db).get()?.version ?? 0;
}

export interface CatalogueSummary {
  version: number;
  updatedAt: string | null;
  paperCount: number;
  topicCount: number;
  keywordCount: number;
  repositoryCount: number;
  authorCount: number;
}

const catalogueSummary = perConnection((db) =>
  db
    .select({
      version: catalogueState.version,
      updatedAt: catalogueState.updatedAt,
      paperCount: catalogueState.paperCount,
      topicCount: catalogueState.topicCount,
      keywordCount: catalogueState.keywordCount,
      repositoryCount: catalogueState.repositoryCount,
      authorCount: catalogueState.authorCount,
    })
    .from(catalogueState)
    .where(eq(catalogueState.id, 1))
    .prepare(),
);

/** The catalogue's version and size: one row, kept current by every import. */
export function getCatalogueSummary(db: Db): CatalogueSummary {
  return catalogueSummary(db).get()!;
}

export type CatalogueSize = 'paperCount' | 'topicCount' | 'keywordCount' | 'repositoryCount' | 'authorCount';

/** How many papers, topics, keywords, repositories or authors the catalogue holds, as counted at import. */
export function getCatalogueSize(db: Db, size: CatalogueSize): number {
  return getCatalogueSummary(db)[size];
}
