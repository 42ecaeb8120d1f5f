-- One province's value and rank for one indicator across all editions, with the period
-- (first year of the indicator's meaning) so charts never join across a methodology break.
SELECT s.year, s.value, s.rank, s.ranked_count, s.score_change, s.rank_change, s.derived, s.source,
       s.rank_source, s.edition_coverage, s.period, s.disputed
FROM scores s
WHERE s.index_code = $index_code AND s.indicator_code = $indicator_code AND s.province_code = $province_code
  AND s.province_set = $province_set
ORDER BY s.year;
