-- Every stored value (published or derived) with names, scale, group and source: the
-- downloadable dataset. One row per value, as in data/published.
SELECT s.index_code, s.year, s.province_set, s.province_code,
       coalesce(h.label_vi, p.name_vi, p25.name_vi) AS province_name,
       s.indicator_code, i.name_vi AS indicator_name, i.max_value,
       s.value, s.rank, s.ranked_count, s.rank_source, s.score_change, s.rank_change,
       g.group_vi, g.boundary AS group_boundary,
       s.derived, s.disputed, s.edition_coverage, s.period, s.source, s.note
FROM scores s
LEFT JOIN provinces p ON s.province_set <> '34' AND p.province_code = s.province_code
LEFT JOIN province_history h ON h.province_set = s.province_set AND h.province_code = s.province_code
LEFT JOIN provinces_2025 p25 ON s.province_set = '34' AND p25.province_code = s.province_code
LEFT JOIN indicators i
  ON i.index_code = s.index_code AND i.indicator_code = s.indicator_code
 AND s.year BETWEEN i.first_year AND coalesce(i.last_year, 9999)
LEFT JOIN groups g ON g.index_code = s.index_code AND g.year = s.year AND g.province_code = s.province_code
                  AND s.indicator_code = 'TOTAL'
ORDER BY s.index_code, s.year, s.province_code, s.indicator_code;
