-- One province's value and rank for every indicator of one index across all editions, with the
-- period (first year of the indicator's meaning) so a run of falls never crosses a methodology break.
SELECT s.year, s.indicator_code, s.value, s.rank, s.ranked_count, s.period, s.edition_coverage
FROM scores s
WHERE s.index_code = $index_code AND s.province_code = $province_code AND s.province_set = $province_set
ORDER BY s.indicator_code, s.year;
