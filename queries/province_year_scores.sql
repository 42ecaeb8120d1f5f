-- Every published or derived value of one province in one year of one index, with the
-- indicator's name and scale that year and the national context (median, best) of its edition, for
-- the indicators it compares every province on (national_indicators).
WITH s AS (
    SELECT * FROM scores WHERE index_code = $index_code AND year = $year
), national AS (
    SELECT indicator_code,
           median(value) AS national_median,
           max(value) AS national_best,
           min(value) AS national_worst,
           count(value) AS provinces_with_value,
           count(rank) AS provinces_ranked
    FROM s GROUP BY indicator_code
)
SELECT s.index_code, s.year, s.province_code, s.indicator_code, i.parent_code, i.level, i.kind,
       i.name_vi, i.name_en, i.max_value, s.value, s.rank, s.ranked_count, s.score_change, s.rank_change,
       s.derived, s.source, s.rank_source, s.disputed, s.edition_coverage, s.note,
       CASE WHEN ni.indicator_code IS NOT NULL THEN n.national_median END AS national_median,
       CASE WHEN ni.indicator_code IS NOT NULL THEN n.national_best END AS national_best,
       CASE WHEN ni.indicator_code IS NOT NULL THEN n.national_worst END AS national_worst,
       n.provinces_with_value, n.provinces_ranked
FROM s
JOIN indicators i
  ON i.index_code = s.index_code AND i.indicator_code = s.indicator_code
 AND s.year BETWEEN i.first_year AND coalesce(i.last_year, 9999)
JOIN national n ON n.indicator_code = s.indicator_code
LEFT JOIN national_indicators ni
  ON ni.index_code = s.index_code AND ni.year = s.year AND ni.indicator_code = s.indicator_code
WHERE s.province_code = $province_code
ORDER BY i.level, s.indicator_code;
