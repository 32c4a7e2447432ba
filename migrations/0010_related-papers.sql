-- Hand-edited: WITHOUT ROWID (Drizzle cannot declare it), as the rows are only ever read by key.
-- Catalogues migrated from before get their lists at the next import, which computes them for
-- every paper when the table is empty (src/db/related.ts).
CREATE TABLE `paper_related` (
	`paper_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`related_paper_id` integer NOT NULL,
	`score` real NOT NULL,
	PRIMARY KEY(`paper_id`, `rank`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `paper_related_related_paper_idx` ON `paper_related` (`related_paper_id`);