-- The pre-2025 provinces sharing a border with one province (from the bundled map's shared arcs).
SELECT n.neighbour_code AS province_code, p.name_vi, p.name_en
FROM province_neighbours n
JOIN provinces p ON p.province_code = n.neighbour_code
WHERE n.province_code = $province_code
ORDER BY p.name_vi;
