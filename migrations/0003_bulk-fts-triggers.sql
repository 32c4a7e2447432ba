-- The one row of catalogue_state.
INSERT INTO `catalogue_state` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
-- While a bulk import defers indexing (catalogue_state.fts_deferred_from is set), new papers are
-- indexed by the import in one pass at its end instead of row by row here.
DROP TRIGGER `papers_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_ai` AFTER INSERT ON `papers`
WHEN (SELECT fts_deferred_from FROM catalogue_state WHERE id = 1) IS NULL
BEGIN
  INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
END;
--> statement-breakpoint
-- A paper added by the running bulk import is not in the index yet: nothing to replace.
DROP TRIGGER `papers_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_au` AFTER UPDATE OF title, abstract ON `papers`
WHEN (SELECT fts_deferred_from FROM catalogue_state WHERE id = 1) IS NULL
  OR old.id < (SELECT fts_deferred_from FROM catalogue_state WHERE id = 1)
BEGIN
  INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
  INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
END;
