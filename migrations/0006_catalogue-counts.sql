ALTER TABLE `catalogue_state` ADD `paper_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `catalogue_state` ADD `topic_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `catalogue_state` ADD `keyword_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `catalogue_state` ADD `repository_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `catalogue_state` ADD `author_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Catalogues migrated from before: count once here; imports keep the counts from now on.
UPDATE `catalogue_state` SET
  `paper_count` = (SELECT count(*) FROM `papers`),
  `topic_count` = (SELECT count(*) FROM `topics`),
  `keyword_count` = (SELECT count(*) FROM `keywords`),
  `repository_count` = (SELECT count(*) FROM `repositories`),
  `author_count` = (SELECT count(*) FROM `authors`)
WHERE `id` = 1;
