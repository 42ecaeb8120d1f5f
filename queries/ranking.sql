-- All provinces for one index, year and indicator: the ranking table and bar chart.
SELECT s.province_code,
       coalesce(h.label_vi, p.name_vi, p25.name_vi) AS name_vi,
       coalesce(h.label_en, p.name_en, p25.name_en) AS name_en,
       coalesce(p.region_vi, h.region_vi) AS region_vi, coalesce(p.region_en, h.region_en) AS region_en, s.value, s.rank, s.ranked_count, s.score_change, s.rank_change,
       s.derived, s.source, s.rank_source, s.disputed, s.edition_coverage, g.group_no, g.group_vi, g.group_en,
       g.boundary AS group_boundary
FROM scores s
-- codes of sets before 2025 ('63', and '64' with Hà Tây until 2008) are GSO codes of that time
LEFT JOIN provinces p ON s.province_set <> '34' AND p.province_code = s.province_code
LEFT JOIN province_history h ON h.province_set = s.province_set AND h.province_code = s.province_code
LEFT JOIN provinces_2025 p25 ON s.province_set = '34' AND p25.province_code = s.province_code
LEFT JOIN groups g ON g.index_code = s.index_code AND g.year = s.year AND g.province_code = s.province_code
                  AND s.indicator_code = 'TOTAL'
WHERE s.index_code = $index_code AND s.year = $year AND s.indicator_code = $indicator_code
ORDER BY s.rank NULLS LAST, s.value DESC NULLS LAST;
