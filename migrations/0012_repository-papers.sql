-- Every paper of every repository, in the order a repository's papers are listed: a repository's
-- page reads only the rows it returns from this key, instead of collecting and sorting all the
-- repository's papers. Unknown dates are stored as '' (a primary key column cannot be NULL), which
-- sorts before every date just as NULL does. Imports keep it in step with paper_repositories and
-- the papers' dates (catalogue-writer.ts linkRepository, updatePaper).
CREATE TABLE `repository_papers` (
	`repository_id` integer NOT NULL,
	`published_at` text NOT NULL,
	`paper_id` integer NOT NULL,
	PRIMARY KEY(`repository_id`, `published_at`, `paper_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `repository_papers` (`repository_id`, `published_at`, `paper_id`)
SELECT DISTINCT `pr`.`repository_id`, coalesce(`p`.`published_at`, ''), `p`.`id`
FROM `paper_repositories` `pr`
JOIN `papers` `p` ON `p`.`id` = `pr`.`paper_id`
ORDER BY 1, 2, 3;
