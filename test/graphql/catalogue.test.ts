import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importJsonl } from '../fixtures.ts';
import { createTestDb, query } from '../helpers.ts';

const CATALOGUE = '{ catalogue { version updatedAt paperCount topicCount keywordCount repositoryCount authorCount } }';

describe('catalogue', () => {
  it('reports its size and a version that grows with every import that changes something', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const app = createApp(db);
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
