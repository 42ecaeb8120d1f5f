-- Every table the views and queries/ read, declared: a type change is a reviewed edit here,
-- never a side effect of what pandas guessed from a frame.
CREATE TABLE indices (
    index_code VARCHAR PRIMARY KEY, name_vi VARCHAR NOT NULL, name_en VARCHAR NOT NULL, short VARCHAR,
    publisher_vi VARCHAR, publisher_en VARCHAR, unit_vi VARCHAR, unit_en VARCHAR, first_year INTEGER NOT NULL,
    higher_is_better BOOLEAN NOT NULL, methodology_vi VARCHAR, methodology_en VARCHAR, quartile_groups BOOLEAN NOT NULL);

-- one row per indicator period: a new period of the same code is a methodology break
CREATE TABLE indicators (
    index_code VARCHAR NOT NULL, indicator_code VARCHAR NOT NULL, parent_code VARCHAR, level INTEGER NOT NULL,
    kind VARCHAR, name_vi VARCHAR, name_en VARCHAR, max_value DOUBLE, min_value DOUBLE, first_year INTEGER NOT NULL,
    last_year INTEGER, aggregation VARCHAR, note VARCHAR, note_en VARCHAR);

CREATE TABLE provinces (
    province_code VARCHAR PRIMARY KEY, name_vi VARCHAR NOT NULL, name_en VARCHAR, region_vi VARCHAR,
    region_en VARCHAR, code_2025 VARCHAR, name_2025 VARCHAR);

-- provinces of older sets that no longer exist (Hà Tây, in the 64-province set until 2008)
CREATE TABLE province_history (
    province_code VARCHAR PRIMARY KEY, name_vi VARCHAR NOT NULL, name_en VARCHAR, region_vi VARCHAR, region_en VARCHAR,
    province_set VARCHAR NOT NULL, last_year INTEGER, merged_into_code VARCHAR, merged_on VARCHAR, label_vi VARCHAR,
    label_en VARCHAR, successor_note_vi VARCHAR, successor_note_en VARCHAR, source VARCHAR);

-- name_en: as the 63 provinces are named in English (no diacritics, no "Thành phố"), set by the build
CREATE TABLE provinces_2025 (province_code VARCHAR PRIMARY KEY, name_vi VARCHAR NOT NULL, name_en VARCHAR NOT NULL);

CREATE TABLE methodology_changes (
    index_code VARCHAR NOT NULL, year INTEGER NOT NULL, title_vi VARCHAR, title_en VARCHAR, description_vi VARCHAR,
    description_en VARCHAR, breaks_total BOOLEAN NOT NULL, source VARCHAR);

CREATE TABLE province_neighbours (province_code VARCHAR NOT NULL, neighbour_code VARCHAR NOT NULL);

-- map layers simplified at build time (etl/geo.py): 63 provinces and the 34 formed on 1 July 2025
CREATE TABLE map_layers (layer VARCHAR PRIMARY KEY, feature_count INTEGER NOT NULL, geojson VARCHAR NOT NULL,
    source VARCHAR NOT NULL);

CREATE TABLE scores (
    index_code VARCHAR NOT NULL, year INTEGER NOT NULL, province_set VARCHAR NOT NULL, province_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL, value DOUBLE, rank INTEGER, ranked_count INTEGER, score_change DOUBLE,
    rank_change INTEGER, derived BOOLEAN NOT NULL, source VARCHAR NOT NULL, rank_source VARCHAR,
    disputed BOOLEAN NOT NULL, edition_coverage VARCHAR, note VARCHAR, period INTEGER);

CREATE TABLE editions (
    index_code VARCHAR NOT NULL, year INTEGER NOT NULL, province_set VARCHAR NOT NULL, coverage VARCHAR NOT NULL,
    methodology VARCHAR, ranked_count INTEGER, published_ranked_count INTEGER, note_vi VARCHAR, note_en VARCHAR,
    with_total INTEGER NOT NULL, PRIMARY KEY (index_code, year));

-- The indicators each full edition compares every province on: every province the edition ranks
-- has a figure (the rule that ranks a component, etl/sql/rank.sql). Only these have a national
-- median, best, regional mean or weak verdict: PCI 2020 publishes sub-indices for 2 provinces, and
-- their "national median" of two was a province's yardstick.
CREATE TABLE national_indicators (
    index_code VARCHAR NOT NULL, year INTEGER NOT NULL, indicator_code VARCHAR NOT NULL,
    provinces_with_value INTEGER NOT NULL, PRIMARY KEY (index_code, year, indicator_code));

-- kind: value | rank; candidates: every stated value with its sources and their kind
CREATE TABLE disagreements (
    index_code VARCHAR NOT NULL, year INTEGER NOT NULL, province_code VARCHAR NOT NULL, indicator_code VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, chosen DOUBLE, candidates VARCHAR NOT NULL, rule VARCHAR NOT NULL);

CREATE TABLE groups (
    index_code VARCHAR NOT NULL, year INTEGER NOT NULL, province_code VARCHAR NOT NULL, group_no INTEGER NOT NULL,
    group_vi VARCHAR, group_en VARCHAR, boundary BOOLEAN NOT NULL);

CREATE TABLE aggregates (
    index_code VARCHAR NOT NULL, year INTEGER NOT NULL, scope VARCHAR, metric VARCHAR, value DOUBLE, source VARCHAR,
    note VARCHAR);

CREATE TABLE build_info (built_at VARCHAR NOT NULL, files VARCHAR NOT NULL);
