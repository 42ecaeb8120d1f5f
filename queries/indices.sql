-- The indices in the catalog.
SELECT index_code, name_vi, name_en, short, publisher_vi, publisher_en, unit_vi, unit_en, first_year,
       higher_is_better, methodology_vi, methodology_en, quartile_groups
FROM indices
ORDER BY first_year, index_code;
