import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './schema/tables.ts',
  out: './migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'data/catalogue.db' },
  // The FTS5 virtual table and its shadow tables are created by a custom migration
  // (migrations/0001_papers-fts.sql); drizzle-kit must never try to drop them.
  tablesFilter: ['!papers_fts*'],
});
