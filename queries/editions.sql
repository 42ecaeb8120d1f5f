-- Every edition (index and year) with its province set, whether it is a full table, and on how many
-- components it compares every province (national_indicators; PCI 2020: none, only its total).
SELECT e.index_code, e.year, e.province_set, e.coverage, e.methodology, e.ranked_count,
       e.published_ranked_count, e.note_vi, e.note_en, e.with_total,
       (SELECT count(*) FROM national_indicators n
        WHERE n.index_code = e.index_code AND n.year = e.year AND n.indicator_code <> 'TOTAL') AS compared_components
FROM editions e
ORDER BY e.index_code, e.year;
