-- Hand-written (Drizzle cannot declare WITHOUT ROWID): the four tables that join papers to their
-- authors, topics, keywords and repositories become WITHOUT ROWID, with the same columns, defaults,
-- foreign keys, primary keys and secondary indexes as before. A rowid table with a composite
-- primary key keeps every row in three B-trees (the table, the key's automatic index and the
-- reverse-lookup index); stored in its primary key, a row is one B-tree fewer to write on import,
-- and a paper's list is read straight from the key instead of the index and then the table.
-- Each table is rebuilt as SQLite documents for a change it cannot ALTER: create the new table,
-- copy the rows in key order, drop the old one, rename the new one and create its index again.
-- The migration runs in one transaction with the connection's foreign keys on, so every copied
-- row is checked against its paper and its author, topic, keyword or repository.
CREATE TABLE `__new_paper_authors` (
	`paper_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`paper_id`, `position`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_paper_authors` (`paper_id`, `author_id`, `position`)
SELECT `paper_id`, `author_id`, `position` FROM `paper_authors` ORDER BY `paper_id`, `position`;
--> statement-breakpoint
DROP TABLE `paper_authors`;
--> statement-breakpoint
ALTER TABLE `__new_paper_authors` RENAME TO `paper_authors`;
--> statement-breakpoint
CREATE INDEX `paper_authors_author_paper_idx` ON `paper_authors` (`author_id`,`paper_id`);
--> statement-breakpoint
CREATE TABLE `__new_paper_keywords` (
	`paper_id` integer NOT NULL,
	`keyword_id` integer NOT NULL,
	`weight` real NOT NULL,
	PRIMARY KEY(`paper_id`, `keyword_id`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`keyword_id`) REFERENCES `keywords`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_paper_keywords` (`paper_id`, `keyword_id`, `weight`)
SELECT `paper_id`, `keyword_id`, `weight` FROM `paper_keywords` ORDER BY `paper_id`, `keyword_id`;
--> statement-breakpoint
DROP TABLE `paper_keywords`;
--> statement-breakpoint
ALTER TABLE `__new_paper_keywords` RENAME TO `paper_keywords`;
--> statement-breakpoint
CREATE INDEX `paper_keywords_keyword_paper_idx` ON `paper_keywords` (`keyword_id`,`paper_id`);
--> statement-breakpoint
CREATE TABLE `__new_paper_repositories` (
	`paper_id` integer NOT NULL,
	`repository_id` integer NOT NULL,
	`source` text NOT NULL,
	`is_official` integer,
	`framework` text,
	`mentioned_in_paper` integer,
	PRIMARY KEY(`paper_id`, `repository_id`, `source`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`repository_id`) REFERENCES `repositories`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_paper_repositories` (`paper_id`, `repository_id`, `source`, `is_official`, `framework`, `mentioned_in_paper`)
SELECT `paper_id`, `repository_id`, `source`, `is_official`, `framework`, `mentioned_in_paper` FROM `paper_repositories`
ORDER BY `paper_id`, `repository_id`, `source`;
--> statement-breakpoint
DROP TABLE `paper_repositories`;
--> statement-breakpoint
ALTER TABLE `__new_paper_repositories` RENAME TO `paper_repositories`;
--> statement-breakpoint
CREATE INDEX `paper_repositories_repository_paper_idx` ON `paper_repositories` (`repository_id`,`paper_id`);
--> statement-breakpoint
CREATE TABLE `__new_paper_topics` (
	`paper_id` integer NOT NULL,
	`topic_id` integer NOT NULL,
	`score` real NOT NULL,
	`origin` text DEFAULT 'inferred' NOT NULL,
	`evidence` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`paper_id`, `topic_id`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_paper_topics` (`paper_id`, `topic_id`, `score`, `origin`, `evidence`)
SELECT `paper_id`, `topic_id`, `score`, `origin`, `evidence` FROM `paper_topics` ORDER BY `paper_id`, `topic_id`;
--> statement-breakpoint
DROP TABLE `paper_topics`;
--> statement-breakpoint
ALTER TABLE `__new_paper_topics` RENAME TO `paper_topics`;
--> statement-breakpoint
CREATE INDEX `paper_topics_topic_paper_idx` ON `paper_topics` (`topic_id`,`paper_id`);
