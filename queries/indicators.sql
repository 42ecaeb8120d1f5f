-- The catalog's indicator periods (one row per stretch of years with one meaning and scale).
SELECT index_code, indicator_code, parent_code, level, kind, name_vi, name_en, max_value, min_value,
       first_year, last_year, aggregation, note AS note_vi, note_en
FROM indicators
ORDER BY index_code, level, indicator_code, first_year;
