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
