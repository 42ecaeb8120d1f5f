-- One province's value and rank for one indicator across all editions, with the period
-- (first year of the indicator's meaning) so charts never join across a methodology break.
-- In the pre-2025 view the province's rows of older sets come too (Hà Nội's PCI 2006–2008, when Hà
-- Tây was still ranked on its own), each with a territory note saying what the value covers.
SELECT s.year, s.value, s.rank, s.ranked_count, s.score_change, s.rank_change, s.derived, s.source,
       s.rank_source, s.edition_coverage, s.period, s.disputed,
       s.province_set, h.successor_note_vi AS territory_vi, h.successor_note_en AS territory_en
FROM scores s
LEFT JOIN province_history h ON h.province_set = s.province_set AND h.merged_into_code = s.province_code
WHERE s.index_code = $index_code AND s.indicator_code = $indicator_code AND s.province_code = $province_code
  AND (s.province_set = $province_set OR ($province_set <> '34' AND s.province_set <> '34'))
ORDER BY s.year;
