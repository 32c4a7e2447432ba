import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importJsonl } from '../fixtures.ts';
import { createTestDb, query, UNCACHED } from '../helpers.ts';

const CATALOGUE = '{ catalogue { version updatedAt paperCount topicCount keywordCount repositoryCount authorCount } }';

describe('catalogue', () => {
  it('reports its size and a version that grows with every import that changes something', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const app = createApp(db, UNCACHED);
    statements.length = 0;
    const before = (await query(app, CATALOGUE)).catalogue;
    expect(statements).toHaveLength(1);
    expect(before).toMatchObject({ version: 1, paperCount: 47, topicCount: 23, repositoryCount: 11, authorCount: 0 });
    expect(before.keywordCount).toBeGreaterThanOrEqual(47 * 5);
    expect(Date.parse(before.updatedAt)).not.toBeNaN();

    importJsonl(db);
    const after = (await query(app, CATALOGUE)).catalogue;
    expect(after).toMatchObject({ version: 2, paperCount: 53, repositoryCount: 15 });
    expect(after.authorCount).toBeGreaterThan(0);

    importJsonl(db); // the same records again: nothing changes
    expect((await query(app, CATALOGUE)).catalogue.version).toBe(2);
  });

  it('starts at version 0 with no update time', async () => {
    const { db } = createTestDb();
    expect((await query(createApp(db), CATALOGUE)).catalogue).toMatchObject({ version: 0, updatedAt: null, paperCount: 0 });
  });
});

describe('change feed', () => {
  const FEED = `query ($v: Int!, $after: String) {
    papersChangedSince(version: $v, first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { slug changedInVersion } }
  }`;

  async function pullAll(app: ReturnType<typeof createApp>, version: number) {
    const slugs: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { papersChangedSince: page }: any = await query(app, FEED, { v: version, after });
      slugs.push(...page.nodes.map((n: { slug: string }) => n.slug));
      if (!page.pageInfo.hasNextPage) return slugs;
      after = page.pageInfo.endCursor;
    }
  }

  it('gives a script only what changed since the version of its last pull', async () => {
    const { db } = createTestDb({ sample: true });
    const app = createApp(db);
    expect(await pullAll(app, 0)).toHaveLength(47);
    expect(await pullAll(app, 1)).toEqual([]);

    importJsonl(db); // version 2: six new papers
    const added = await pullAll(app, 1);
    expect(added).toHaveLength(6);
    expect(new Set(added).size).toBe(6);

    importJsonl(db); // nothing new
    expect((await query(app, CATALOGUE)).catalogue.version).toBe(2);
    expect(await pullAll(app, 2)).toEqual([]);

    // A new code link changes one stored paper: version 3.
    importJsonl(db, JSON.stringify({ title: 'Attention Is All You Need', abstract: 'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. We propose a new simple network architecture, the Transformer, based solely on attention mechanisms, dispensing with recurrence and convolutions entirely.', arxivId: '1706.03762', repositories: ['https://github.com/harvardnlp/annotated-transformer'] }));
    const { papersChangedSince } = await query(app, FEED, { v: 2 });
    expect(papersChangedSince.nodes).toEqual([{ slug: 'attention-is-all-you-need', changedInVersion: 3 }]);
    expect(await pullAll(app, 0)).toHaveLength(53);
  });
});
