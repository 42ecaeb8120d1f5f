-- The 34 provinces formed on 1 July 2025, each with the pre-2025 provinces merged into it.
-- name_2025_en: the English name as the 63 provinces are named in English (no diacritics, no
-- "Thành phố"): the pre-2025 province of that name's English name, else the name without diacritics.
SELECT n.province_code AS code_2025, n.name_vi AS name_2025,
       coalesce(any_value(same.name_en),
                replace(replace(strip_accents(regexp_replace(n.name_vi, '^Thành phố ', '')), 'Đ', 'D'), 'đ', 'd'))
           AS name_2025_en,
       count(DISTINCT p.province_code) AS parts,
       string_agg(DISTINCT p.name_vi, ', ' ORDER BY p.name_vi) AS parts_vi
FROM provinces_2025 n
LEFT JOIN provinces p ON p.code_2025 = n.province_code
LEFT JOIN provinces same ON same.name_vi = regexp_replace(n.name_vi, '^Thành phố ', '')
GROUP BY n.province_code, n.name_vi
ORDER BY n.name_vi;
