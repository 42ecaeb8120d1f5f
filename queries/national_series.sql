-- National median and best, and the region's mean, per year for one indicator: only for the
-- editions that compare every province on it (national_indicators: a full edition where every
-- province it ranks has a figure); a median of the few provinces a partial edition or PCI 2020's
-- sub-indices name would be a lie.
SELECT s.year, s.period,
       median(s.value) AS national_median,
       max(s.value) AS national_best,
       arg_max(s.province_code, s.value) AS best_province_code,
       avg(s.value) FILTER (WHERE coalesce(p.region_vi, h.region_vi) = $region_vi) AS region_mean,
       count(s.value) AS provinces_with_value
FROM scores s
LEFT JOIN provinces p ON p.province_code = s.province_code AND s.province_set <> '34'
LEFT JOIN province_history h ON h.province_set = s.province_set AND h.province_code = s.province_code
JOIN national_indicators ni ON ni.index_code = s.index_code AND ni.year = s.year AND ni.indicator_code = s.indicator_code
WHERE s.index_code = $index_code AND s.indicator_code = $indicator_code
GROUP BY s.year, s.period
ORDER BY s.year;
