CREATE TABLE `authors` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`paper_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `authors_name_key_unique` ON `authors` (`name_key`);--> statement-breakpoint
CREATE TABLE `keywords` (
	`id` integer PRIMARY KEY NOT NULL,
	`term` text NOT NULL,
	`term_key` text NOT NULL,
	`paper_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keywords_term_key_unique` ON `keywords` (`term_key`);--> statement-breakpoint
CREATE INDEX `keywords_paper_count_idx` ON `keywords` (`paper_count`,`id`);--> statement-breakpoint
CREATE TABLE `paper_authors` (
	`paper_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`paper_id`, `position`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `paper_authors_author_paper_idx` ON `paper_authors` (`author_id`,`paper_id`);--> statement-breakpoint
CREATE TABLE `paper_keywords` (
	`paper_id` integer NOT NULL,
	`keyword_id` integer NOT NULL,
	`weight` real NOT NULL,
	PRIMARY KEY(`paper_id`, `keyword_id`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`keyword_id`) REFERENCES `keywords`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `paper_keywords_keyword_paper_idx` ON `paper_keywords` (`keyword_id`,`paper_id`);--> statement-breakpoint
CREATE TABLE `paper_repositories` (
	`paper_id` integer NOT NULL,
	`repository_id` integer NOT NULL,
	`source` text NOT NULL,
	`is_official` integer,
	`framework` text,
	PRIMARY KEY(`paper_id`, `repository_id`, `source`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`repository_id`) REFERENCES `repositories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `paper_repositories_repository_paper_idx` ON `paper_repositories` (`repository_id`,`paper_id`);--> statement-breakpoint
CREATE TABLE `paper_topics` (
	`paper_id` integer NOT NULL,
	`topic_id` integer NOT NULL,
	`score` real NOT NULL,
	`origin` text DEFAULT 'inferred' NOT NULL,
	`evidence` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`paper_id`, `topic_id`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `paper_topics_topic_paper_idx` ON `paper_topics` (`topic_id`,`paper_id`);--> statement-breakpoint
CREATE TABLE `papers` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`arxiv_id` text,
	`title_key` text NOT NULL,
	`title` text NOT NULL,
	`abstract` text NOT NULL,
	`url` text,
	`pdf_url` text,
	`published_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `papers_slug_unique` ON `papers` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `papers_arxiv_id_unique` ON `papers` (`arxiv_id`);--> statement-breakpoint
CREATE INDEX `papers_title_key_idx` ON `papers` (`title_key`);--> statement-breakpoint
CREATE INDEX `papers_published_at_id_idx` ON `papers` (`published_at`,`id`);--> statement-breakpoint
CREATE TABLE `repositories` (
	`id` integer PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`url_key` text NOT NULL,
	`host` text NOT NULL,
	`owner` text NOT NULL,
	`name` text NOT NULL,
	`owner_key` text NOT NULL,
	`stars` integer,
	`paper_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `repositories_url_key_unique` ON `repositories` (`url_key`);--> statement-breakpoint
CREATE INDEX `repositories_owner_idx` ON `repositories` (`owner_key`,`id`);--> statement-breakpoint
CREATE INDEX `repositories_paper_count_idx` ON `repositories` (`paper_count`,`id`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`parent_id` integer,
	`kind` text DEFAULT 'THEME' NOT NULL,
	`paper_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topics_slug_unique` ON `topics` (`slug`);--> statement-breakpoint
CREATE INDEX `topics_parent_idx` ON `topics` (`parent_id`);--> statement-breakpoint
CREATE INDEX `topics_paper_count_idx` ON `topics` (`paper_count`,`id`);--> statement-breakpoint
CREATE INDEX `topics_name_idx` ON `topics` (`name`,`id`);