-- Views other tools (DBeaver, Excel via ODBC, another BI) read. Names and columns are a contract.
CREATE OR REPLACE VIEW v_provinces AS
SELECT province_code, name_vi, name_en, region_vi AS region, code_2025, name_2025
FROM provinces;

CREATE OR REPLACE VIEW v_indicators AS
SELECT index_code, indicator_code, parent_code, level, name_vi, name_en, max_value, first_year, last_year
FROM indicators;

CREATE OR REPLACE VIEW v_scores AS
SELECT index_code, year, province_code, indicator_code, value, rank, ranked_count,
       score_change, rank_change, derived, source,
       province_set, rank_source, disputed, edition_coverage
FROM scores;

CREATE OR REPLACE VIEW v_editions AS
SELECT index_code, year, province_set, coverage, methodology, ranked_count, note_vi, note_en
FROM editions;

CREATE OR REPLACE VIEW v_disagreements AS
SELECT index_code, year, province_code, indicator_code, kind, chosen, candidates, rule
FROM disagreements;

CREATE OR REPLACE VIEW v_groups AS
SELECT index_code, year, province_code, group_no, group_vi, group_en, boundary
FROM groups;

-- Provinces of older sets that no longer exist (Hà Tây, ranked on its own in PCI 2006–2008), with
-- what each became part of in the 63-province set and since 1 July 2025 in the 34-province set.
CREATE OR REPLACE VIEW v_province_history AS
SELECT h.province_code, h.name_vi, h.name_en, h.province_set, h.last_year,
       h.merged_into_code, p.name_vi AS merged_into_vi, p.name_en AS merged_into_en, h.merged_on,
       p.code_2025, p.name_2025, h.source
FROM province_history h
LEFT JOIN provinces p ON p.province_code = h.merged_into_code;
