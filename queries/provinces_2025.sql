-- The 34 provinces formed on 1 July 2025, each with the pre-2025 provinces merged into it.
SELECT n.province_code AS code_2025, n.name_vi AS name_2025,
       count(p.province_code) AS parts,
       string_agg(p.name_vi, ', ' ORDER BY p.name_vi) AS parts_vi
FROM provinces_2025 n
LEFT JOIN provinces p ON p.code_2025 = n.province_code
GROUP BY n.province_code, n.name_vi
ORDER BY n.name_vi;
