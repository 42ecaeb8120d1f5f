-- Every province's value and rank for every indicator of one edition (index and year), with the
-- indicator period: the national distribution a province's components are compared against.
SELECT s.province_code, s.indicator_code, s.value, s.rank, s.ranked_count, s.rank_source,
       s.edition_coverage, s.period, s.province_set
FROM scores s
WHERE s.index_code = $index_code AND s.year = $year
ORDER BY s.indicator_code, s.province_code;
