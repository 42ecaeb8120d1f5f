-- Where an index's figures come from: each source with the years and how many values it gives,
-- and how many of those values were derived (computed by the index's published rule) or disputed.
SELECT source, min(year) AS first_year, max(year) AS last_year, count(*) AS values_count,
       count(*) FILTER (WHERE derived) AS derived_count,
       count(*) FILTER (WHERE disputed) AS disputed_count
FROM scores
WHERE index_code = $index_code AND value IS NOT NULL
GROUP BY source
-- in the order of the editions they give (a reader looks a year up), the largest first within one
ORDER BY first_year, last_year, values_count DESC, source;
