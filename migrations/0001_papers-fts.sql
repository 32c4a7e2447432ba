-- Full-text index over paper titles and abstracts. External content: the text stays in
-- `papers`, the index stores only tokens. Porter stemming so "kernels" finds "kernel".
-- Kept in sync by the triggers below (the 'delete' command form, as in sqlite-utils enable_fts).
CREATE VIRTUAL TABLE `papers_fts` USING fts5(
  title, abstract, content='papers', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `papers_fts_ai` AFTER INSERT ON `papers` BEGIN
  INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
END;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_ad` AFTER DELETE ON `papers` BEGIN
  INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
END;
--> statement-breakpoint
-- Only a change to the indexed text touches the index; date or URL updates do not.
CREATE TRIGGER `papers_fts_au` AFTER UPDATE OF title, abstract ON `papers` BEGIN
  INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
  INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
END;
--> statement-breakpoint
INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');
