-- Every paper of every topic, sub-topics' papers included, in the order a topic's papers are
-- listed: a topic's page (first or thousandth) reads only the rows it returns from this key,
-- instead of collecting and sorting all the topic's papers. Unknown dates are stored as '' (a
-- primary key column cannot be NULL), which sorts before every date just as NULL does.
-- Imports rebuild it with the stored counts (catalogue-writer.ts refreshCounts).
CREATE TABLE `topic_papers` (
  `topic_id` integer NOT NULL,
  `published_at` text NOT NULL,
  `paper_id` integer NOT NULL,
  PRIMARY KEY (`topic_id`, `published_at`, `paper_id`)
) WITHOUT ROWID;
--> statement-breakpoint
WITH RECURSIVE `tree`(`ancestor_id`, `topic_id`) AS (
  SELECT `id`, `id` FROM `topics`
  UNION ALL
  SELECT `tree`.`ancestor_id`, `child`.`id` FROM `topics` `child` JOIN `tree` ON `child`.`parent_id` = `tree`.`topic_id`
)
INSERT INTO `topic_papers` (`topic_id`, `published_at`, `paper_id`)
SELECT DISTINCT `tree`.`ancestor_id`, coalesce(`p`.`published_at`, ''), `p`.`id`
FROM `paper_topics` `pt`
JOIN `tree` ON `tree`.`topic_id` = `pt`.`topic_id`
JOIN `papers` `p` ON `p`.`id` = `pt`.`paper_id`
ORDER BY 1, 2, 3;
