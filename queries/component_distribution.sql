-- Every province's value and rank for every indicator one edition compares every province on
-- (national_indicators), with the indicator period: the national distribution a province's
-- components are compared against. Two provinces' published sub-indices are no distribution.
SELECT s.province_code, s.indicator_code, s.value, s.rank, s.ranked_count, s.rank_source,
       s.edition_coverage, s.period, s.province_set
FROM scores s
JOIN national_indicators n ON n.index_code = s.index_code AND n.year = s.year AND n.indicator_code = s.indicator_code
WHERE s.index_code = $index_code AND s.year = $year
ORDER BY s.indicator_code, s.province_code;
