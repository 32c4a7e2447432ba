/** Reading code repositories: lookups, listings, and the repositories of papers (one statement per batch). */
import { eq, sql } from 'drizzle-orm';
import { paperRepositories, repositories, type RepositoryRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { countTable, pageTable, UNFILTERED, type KeysetPage, type ListingFilter, type SortKey } from '../keyset.ts';
import { inJsonArray, jsonArray, perConnection, prepareRows } from '../prepared.ts';

export const REPOSITORY_ORDERS = {
  PAPER_COUNT_DESC: [
    { expr: sql`${repositories.paperCount}`, direction: 'desc', value: (r) => r.paperCount },
    { expr: sql`${repositories.id}`, direction: 'asc', value: (r) => r.id },
  ],
  FULL_NAME_ASC: [
    { expr: sql`${repositories.urlKey}`, direction: 'asc', value: (r) => r.urlKey },
  ],
} satisfies Record<string, SortKey<RepositoryRow>[]>;

export type RepositoryOrder = keyof typeof REPOSITORY_ORDERS;

function repositoryFilter(ownerKey: string | undefined): ListingFilter {
  if (ownerKey === undefined) return UNFILTERED;
  return { shape: 'owner', where: () => [eq(repositories.ownerKey, sql.placeholder('ownerKey'))], params: { ownerKey } };
}

export function listRepositories(db: Db, ownerKey: string | undefined, order: RepositoryOrder, page: KeysetPage) {
  return pageTable(db, repositories, repositoryFilter(ownerKey), REPOSITORY_ORDERS, order, page);
}

export function countRepositories(db: Db, ownerKey: string | undefined): number {
  return countTable(db, repositories, repositoryFilter(ownerKey), 'repositoryCount');
}

const repositoriesByIds = perConnection((db) => prepareRows(db.select().from(repositories).where(inJsonArray(repositories.id)).prepare()));
const repositoriesByKeys = perConnection((db) => prepareRows(db.select().from(repositories).where(inJsonArray(repositories.urlKey)).prepare()));

export function getRepositoriesByIds(db: Db, ids: readonly number[]): RepositoryRow[] {
  return repositoriesByIds(db)({ keys: jsonArray(ids) });
}

export function getRepositoriesByKeys(db: Db, urlKeys: readonly string[]): RepositoryRow[] {
  return repositoriesByKeys(db)({ keys: jsonArray(urlKeys) });
}

/** Every link of each paper to a repository, one row per (repository, source). */
export function listPaperRepositoryLinks(db: Db, paperIds: readonly number[]) {
  return paperRepositoryLinkLists(db)({ keys: jsonArray(paperIds) });
}

/** A repository as a paper's list holds it (see `AuthorBrief`): all but its counts. */
export type RepositoryBrief = Pick<RepositoryRow, 'id' | 'url' | 'host' | 'owner' | 'name'>;

const paperRepositoryLinkLists = perConnection((db) =>
  prepareRows(
    db
      .select({
        paperId: paperRepositories.paperId,
        repository: { id: repositories.id, url: repositories.url, host: repositories.host, owner: repositories.owner, name: repositories.name },
        source: paperRepositories.source,
        isOfficial: paperRepositories.isOfficial,
        framework: paperRepositories.framework,
        mentionedInPaper: paperRepositories.mentionedInPaper,
      })
      .from(paperRepositories)
      .innerJoin(repositories, eq(repositories.id, paperRepositories.repositoryId))
      .where(inJsonArray(paperRepositories.paperId))
      .orderBy(paperRepositories.paperId, repositories.urlKey, paperRepositories.source)
      .prepare(),
  ),
);
