-- Methodology breaks to draw on charts and explain.
SELECT index_code, year, title_vi, title_en, description_vi, description_en, breaks_total, source
FROM methodology_changes
WHERE index_code = $index_code
ORDER BY year;
