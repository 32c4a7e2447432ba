import { countRepositories, listRepositories, REPOSITORY_ORDERS, type RepositoryOrder } from '../../db/queries/repositories.ts';
import { repositoryKeyFromUserInput } from '../../ingest/code-links.ts';
import type { Context } from '../../context.ts';
import { builder } from '../builder.ts';
import { ErrorCode, userError } from '../errors.ts';
import { readPage, toConnection } from '../pagination.ts';
import { RepositoryRef } from '../refs.ts';
import { columnOf } from '../whole-row.ts';
import { papersOfField } from './paper-list.ts';

export const RepositoryOrderEnum = builder.enumType('RepositoryOrder', {
  description: 'The order of a list of repositories.',
  values: {
    PAPER_COUNT_DESC: { description: 'Most linked papers first (the default).' },
    FULL_NAME_ASC: { description: 'By host and owner/name, A to Z.' },
  } satisfies Record<RepositoryOrder, unknown>,
});

const paperCount = (repo: typeof RepositoryRef.$inferType, ctx: Context) => columnOf(repo, 'paperCount', ctx.loaders.repositoryById);

builder.node(RepositoryRef, {
  description: 'A code repository linked to papers.',
  id: { resolve: (repo) => repo.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.repositoryById.load(Number(id)))),
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Canonical URL: https, lower-case host, no `.git`.' }),
    host: t.exposeString('host', { description: 'The code host, e.g. `github.com`.' }),
    owner: t.exposeString('owner', { description: 'The owning user or organisation.' }),
    name: t.exposeString('name', { description: 'The repository name.' }),
    fullName: t.string({ description: '`owner/name`.', resolve: (repo) => `${repo.owner}/${repo.name}` }),
    stars: t.int({
      nullable: true,
      description: 'Stars, when a source reported them.',
      resolve: (repo, _args, ctx) => columnOf(repo, 'stars', ctx.loaders.repositoryById),
    }),
    paperCount: t.int({ description: 'Papers linked to this repository.', resolve: (repo, _args, ctx) => paperCount(repo, ctx) }),
    papers: papersOfField(t, 'The papers linked to this repository.', (repo) => ({ repositoryId: repo.id }), paperCount),
  }),
});

builder.queryFields((t) => ({
  repository: t.field({
    type: RepositoryRef,
    nullable: true,
    description:
      'One repository by exactly one of `url` (any spelling: http or https, `.git`, trailing slash) or `fullName` (`owner/name` on GitHub); case-insensitive. Null when not found.',
    args: {
      url: t.arg.string({ description: 'The repository URL.' }),
      fullName: t.arg.string({ description: '`owner/name`, for GitHub repositories.' }),
    },
    resolve: (_root, { url, fullName }, ctx) => {
      if ((url == null) === (fullName == null)) throw userError(ErrorCode.INVALID_ARGUMENTS, 'Pass exactly one of `url` or `fullName`');
      const key = repositoryKeyFromUserInput((url ?? fullName)!);
      return key ? ctx.loaders.repositoryByKey.load(key) : null;
    },
  }),
  repositories: t.connection(
    {
      type: RepositoryRef,
      description: 'Code repositories, optionally of one owner.',
      args: {
        owner: t.arg.string({ description: 'Only repositories of this user or organisation (case-insensitive).' }),
        orderBy: t.arg({ type: RepositoryOrderEnum, description: 'The order (default PAPER_COUNT_DESC).' }),
      },
      resolve: (_root, args, ctx) => {
        const ownerKey = args.owner?.trim().toLowerCase() || undefined;
        const order = args.orderBy ?? 'PAPER_COUNT_DESC';
        const keys = REPOSITORY_ORDERS[order];
        const page = readPage(args, order, keys.length);
        return toConnection(listRepositories(ctx.db, ownerKey, order, page), page, order, keys, () => countRepositories(ctx.db, ownerKey));
      },
    },
    { name: 'RepositoryConnection', description: 'A page of repositories.' },
    { name: 'RepositoryEdge', description: 'A repository in a page of repositories.' },
  ),
}));
