-- Where sources disagree, and which value the build used by what rule.
SELECT index_code, year, province_code, indicator_code, kind, chosen, candidates, rule
FROM disagreements
ORDER BY index_code, year, province_code;
