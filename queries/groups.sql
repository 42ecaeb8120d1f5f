-- Performance groups (PAPI quartiles) of one province across years.
SELECT year, group_no, group_vi, group_en, boundary
FROM groups
WHERE index_code = $index_code AND province_code = $province_code
ORDER BY year;
