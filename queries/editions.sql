-- Every edition (index and year) with its province set and whether it is a full table.
SELECT e.index_code, e.year, e.province_set, e.coverage, e.methodology, e.ranked_count,
       e.published_ranked_count, e.note_vi, e.note_en, e.with_total
FROM editions e
ORDER BY e.index_code, e.year;
