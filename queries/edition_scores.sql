-- Every value of one edition (index and year): all provinces, all indicators, with the indicator's
-- name and scale that year and the national median of each indicator the edition compares every
-- province on (national_indicators: a full edition's, where every province it ranks has a figure).
-- Feeds the comparison of a province with its peers on every component.
WITH s AS (
    SELECT * FROM scores WHERE index_code = $index_code AND year = $year
), national AS (
    SELECT indicator_code, median(value) AS national_median FROM s GROUP BY indicator_code
)
SELECT s.province_code,
       coalesce(h.label_vi, p.name_vi, p25.name_vi) AS province_vi,
       coalesce(h.label_en, p.name_en, p25.name_en) AS province_en,
       coalesce(p.region_vi, h.region_vi) AS region_vi, s.indicator_code, i.parent_code, i.level, i.name_vi, i.name_en, i.max_value,
       s.value, s.rank, s.ranked_count, s.derived, s.disputed, s.source, s.edition_coverage, s.period,
       CASE WHEN ni.indicator_code IS NOT NULL THEN n.national_median END AS national_median
FROM s
JOIN indicators i
  ON i.index_code = s.index_code AND i.indicator_code = s.indicator_code
 AND s.year BETWEEN i.first_year AND coalesce(i.last_year, 9999)
JOIN national n ON n.indicator_code = s.indicator_code
LEFT JOIN national_indicators ni
  ON ni.index_code = s.index_code AND ni.year = s.year AND ni.indicator_code = s.indicator_code
LEFT JOIN provinces p ON s.province_set <> '34' AND p.province_code = s.province_code
LEFT JOIN province_history h ON h.province_set = s.province_set AND h.province_code = s.province_code
LEFT JOIN provinces_2025 p25 ON s.province_set = '34' AND p25.province_code = s.province_code
ORDER BY i.level, s.indicator_code, s.province_code;
