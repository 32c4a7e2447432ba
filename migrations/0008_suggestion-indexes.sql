DROP INDEX `keywords_paper_count_idx`;--> statement-breakpoint
CREATE INDEX `keywords_term_key_count_idx` ON `keywords` (`term_key`,`paper_count`);--> statement-breakpoint
CREATE INDEX `keywords_paper_count_idx` ON `keywords` ("paper_count" desc,`term_key`);--> statement-breakpoint
DROP INDEX `repositories_owner_idx`;--> statement-breakpoint
DROP INDEX `repositories_paper_count_idx`;--> statement-breakpoint
CREATE INDEX `repositories_name_key_idx` ON `repositories` (lower("name"),`paper_count`);--> statement-breakpoint
CREATE INDEX `repositories_owner_idx` ON `repositories` (`owner_key`,`paper_count`);--> statement-breakpoint
CREATE INDEX `repositories_paper_count_idx` ON `repositories` ("paper_count" desc,`id`);