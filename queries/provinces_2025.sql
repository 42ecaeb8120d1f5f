-- The 34 provinces formed on 1 July 2025, each with the pre-2025 provinces merged into it, named in
-- English as the build names them (etl/build.py: as the 63 are, no diacritics).
SELECT n.province_code AS code_2025, n.name_vi AS name_2025, n.name_en AS name_2025_en,
       count(DISTINCT p.province_code) AS parts,
       string_agg(DISTINCT p.name_vi, ', ' ORDER BY p.name_vi) AS parts_vi
FROM provinces_2025 n
LEFT JOIN provinces p ON p.code_2025 = n.province_code
GROUP BY n.province_code, n.name_vi, n.name_en
ORDER BY n.name_vi;
