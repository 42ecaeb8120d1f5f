-- The 63 pre-2025 provinces with their region and 1 July 2025 successor.
SELECT p.province_code, p.name_vi, p.name_en, p.region_vi, p.region_en, p.code_2025, p.name_2025
FROM provinces p
ORDER BY p.name_vi;
