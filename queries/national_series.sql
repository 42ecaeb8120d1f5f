-- National median and best, and the region's mean, per year for one indicator: only for
-- full editions (a median of the few provinces a partial edition names would be a lie).
SELECT s.year, s.period,
       median(s.value) AS national_median,
       max(s.value) AS national_best,
       arg_max(s.province_code, s.value) AS best_province_code,
       avg(s.value) FILTER (WHERE coalesce(p.region_vi, h.region_vi) = $region_vi) AS region_mean,
       count(s.value) AS provinces_with_value
FROM scores s
LEFT JOIN provinces p ON p.province_code = s.province_code AND s.province_set <> '34'
LEFT JOIN province_history h ON h.province_set = s.province_set AND h.province_code = s.province_code
WHERE s.index_code = $index_code AND s.indicator_code = $indicator_code AND s.edition_coverage = 'full'
GROUP BY s.year, s.period
ORDER BY s.year;
