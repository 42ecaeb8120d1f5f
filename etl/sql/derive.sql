-- A parent whose catalog aggregation is 'sum' = the sum of its children that year, when every child
-- has a value (run once per level, deepest first, so totals add derived dimensions). Marked
-- derived, the rule as its source; a published parent is kept and checked against the sum.
CREATE OR REPLACE TEMP TABLE sums AS
SELECT (CAST(p.indicator_id AS BIGINT) << 40) + (c.key & ((1::BIGINT << 40) - 1)) AS key,  -- the parent's row key
       any_value(c.index_code) AS index_code, any_value(c.year) AS year, any_value(c.province_set) AS province_set,
       any_value(c.province_code) AS province_code, any_value(p.indicator_code) AS parent_code,
       sum(c.value ORDER BY k.ord) AS total, arg_min(c.leaf_source, k.ord) AS leaf_source,
       any_value(nk.kid_codes) AS kid_codes, count(*) AS n_have, any_value(nk.n) AS n_kids
FROM periods p
JOIN periods k ON k.index_code = p.index_code AND k.parent_code = p.indicator_code
JOIN consolidated c ON c.index_code = k.index_code AND c.indicator_code = k.indicator_code AND c.value IS NOT NULL
                   AND c.year BETWEEN k.first_year AND k.until AND c.year BETWEEN p.first_year AND p.until
JOIN kid_counts nk ON nk.index_code = p.index_code AND nk.parent_code = p.indicator_code AND nk.year = c.year
WHERE p.aggregation = 'sum' AND p.level = getvariable('level')
GROUP BY 1
HAVING count(*) = any_value(nk.n);

INSERT INTO found_disagreements
SELECT s.index_code, s.year, s.province_code, s.parent_code, 'value', c.value,
       format('{:g} (công bố) | {:g} (tổng thành phần)', c.value, s.total), 'giá trị công bố được giữ (published value kept)'
FROM sums s JOIN consolidated c ON c.key = s.key
WHERE c.value IS NOT NULL AND abs(c.value - s.total) > getvariable('sum_tolerance');

UPDATE consolidated SET value = s.total, derived = true, leaf_source = s.leaf_source,
       source = 'Suy ra theo quy tắc của ' || s.index_code || ': ' || s.parent_code || ' = ' || s.kid_codes
                || CASE WHEN s.leaf_source <> '' THEN '; thành phần: ' || s.leaf_source ELSE '' END
FROM sums s
WHERE consolidated.value IS NULL AND consolidated.key = s.key;

INSERT INTO consolidated BY NAME
SELECT s.key, s.index_code, s.year, s.province_set, s.province_code, s.parent_code AS indicator_code, s.total AS value,
       'Suy ra theo quy tắc của ' || s.index_code || ': ' || s.parent_code || ' = ' || s.kid_codes
       || CASE WHEN s.leaf_source <> '' THEN '; thành phần: ' || s.leaf_source ELSE '' END
       AS source, true AS derived, NULL AS published_rank, NULL AS published_ranked_count, '' AS rank_source_text,
       false AS rank_derived, '' AS note, false AS disputed, s.leaf_source
FROM sums s
WHERE NOT EXISTS (SELECT 1 FROM consolidated c WHERE c.key = s.key);
