/** Facts about the catalogue as a whole. */
import { eq, sql } from 'drizzle-orm';
import { catalogueState } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';

/** Grows with every import that changes something: a response computed at an older version is stale. */
export function getCatalogueVersion(db: Db): number {
  return db.select({ version: catalogueState.version }).from(catalogueState).where(eq(catalogueState.id, 1)).get()?.version ?? 0;
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

/** The catalogue's version and size, in one statement. */
export function getCatalogueSummary(db: Db): CatalogueSummary {
  return db.get<CatalogueSummary>(sql`
    select s.version as version, s.updated_at as updatedAt,
      (select count(*) from papers) as paperCount,
      (select count(*) from topics) as topicCount,
      (select count(*) from keywords) as keywordCount,
      (select count(*) from repositories) as repositoryCount,
      (select count(*) from authors) as authorCount
    from catalogue_state s where s.id = 1`)!;
}
