CREATE TABLE `catalogue_facets` (
	`facet` text NOT NULL,
	`value` text,
	`label` text,
	`paper_count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `catalogue_facets_facet_count_idx` ON `catalogue_facets` (`facet`,`paper_count`);--> statement-breakpoint
-- Catalogues migrated from before: count once here; imports keep the counts from now on
-- (src/db/queries/facets.ts refreshCatalogueFacets groups the same way).
INSERT INTO `catalogue_facets` (`facet`, `value`, `label`, `paper_count`)
  SELECT 'years', cast(substr(`published_at`, 1, 4) AS integer), NULL, count(*) FROM `papers` GROUP BY 2;--> statement-breakpoint
INSERT INTO `catalogue_facets` (`facet`, `value`, `label`, `paper_count`)
  SELECT 'hasCode', EXISTS (SELECT 1 FROM `paper_repositories` pr WHERE pr.`paper_id` = p.`id`), NULL, count(*) FROM `papers` p GROUP BY 2;--> statement-breakpoint
INSERT INTO `catalogue_facets` (`facet`, `value`, `label`, `paper_count`)
  SELECT 'frameworks', lower(`framework`), NULL, count(DISTINCT `paper_id`) FROM `paper_repositories`
  WHERE `framework` IS NOT NULL AND `framework` != '' GROUP BY 2;--> statement-breakpoint
INSERT INTO `catalogue_facets` (`facet`, `value`, `label`, `paper_count`)
  SELECT 'owners', r.`owner_key`, min(r.`owner`), count(DISTINCT pr.`paper_id`)
  FROM `paper_repositories` pr JOIN `repositories` r ON r.`id` = pr.`repository_id` GROUP BY r.`owner_key`;
