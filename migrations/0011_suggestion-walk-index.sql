DROP INDEX `repositories_paper_count_idx`;--> statement-breakpoint
CREATE INDEX `repositories_paper_count_idx` ON `repositories` ("paper_count" desc,`id`,`owner_key`,lower("name"));