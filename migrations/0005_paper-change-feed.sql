ALTER TABLE `papers` ADD `changed_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `papers_changed_version_id_idx` ON `papers` (`changed_version`,`id`);--> statement-breakpoint
-- Papers stored before the change feed existed count as changed in the current version.
UPDATE `papers` SET `changed_version` = (SELECT `version` FROM `catalogue_state` WHERE `id` = 1);
