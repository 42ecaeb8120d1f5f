-- Published national and regional figures (means, medians, national SIPAS elements) for one index.
SELECT index_code, year, scope, metric, value, source, note
FROM aggregates
WHERE index_code = $index_code
ORDER BY year, scope, metric;
