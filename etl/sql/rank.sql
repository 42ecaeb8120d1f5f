-- Ranks (computed only in full editions; a published rank wins and a difference is reported) and
-- changes against the previous edition, only within one indicator period (never across a break).
-- A component is ranked only where every province the edition ranks has it: never "2/2" from two
-- provinces' published fields, or "1/1" from one province's own scorecard criteria.
-- the components ranked in each full edition: every province the edition ranks has a value
CREATE OR REPLACE TEMP TABLE rankable_parts AS
-- (key >> 20: the row key's index, indicator and year)
SELECT c.key >> 20 AS part, count(c.value) AS computed_count
FROM consolidated c JOIN editions e USING (index_code, year)
WHERE e.coverage = 'full'
GROUP BY 1 HAVING count(c.value) >= any_value(e.with_total);

-- the same parts by their codes (part >> 20: the indicator's id; its last 20 bits: the year)
INSERT INTO national_indicators
SELECT p.index_code, (k.part & ((1::BIGINT << 20) - 1))::INTEGER AS year, p.indicator_code, k.computed_count
FROM rankable_parts k JOIN (SELECT DISTINCT indicator_id, index_code, indicator_code FROM periods) p
  ON p.indicator_id = k.part >> 20
ORDER BY ALL;

-- One narrow row per consolidated row (by its rowid): the computed rank. The window sorts these narrow
-- rows; the wide ones (sources, notes) are never sorted, only joined back on the rowid: at SYNTHETIC
-- x100 a window over the wide rows held 13 GB and took most of the step.
CREATE OR REPLACE TEMP TABLE series AS
SELECT * EXCLUDE (rankable, higher_is_better) REPLACE (CASE WHEN rankable THEN computed_count END AS computed_count),
       CASE WHEN rankable THEN rank() OVER (PARTITION BY key >> 20, rankable
                                               ORDER BY CASE WHEN higher_is_better THEN -value ELSE value END)
            END AS computed_rank
FROM (SELECT c.rowid AS rid, c.key, c.year, c.province_set, c.value, c.published_rank, p.first_year AS period,
             i.higher_is_better, k.part IS NOT NULL AND c.value IS NOT NULL AS rankable, k.computed_count
      FROM consolidated c
      LEFT JOIN indices i ON i.index_code = c.index_code
      LEFT JOIN rankable_parts k ON k.part = c.key >> 20
      LEFT JOIN periods p ON p.index_code = c.index_code AND p.indicator_code = c.indicator_code
                         AND c.year BETWEEN p.first_year AND p.until);

INSERT INTO found_disagreements
SELECT c.index_code, c.year, c.province_code, c.indicator_code, 'rank', s.published_rank,
       s.published_rank || ' (công bố) | ' || s.computed_rank || ' (tính)', 'xếp hạng công bố được giữ (published rank kept)'
FROM series s JOIN consolidated c ON c.rowid = s.rid
WHERE s.published_rank IS NOT NULL AND s.computed_rank IS NOT NULL AND s.published_rank <> s.computed_rank;

INSERT INTO scores BY NAME
SELECT c.index_code, c.year, c.province_set, c.province_code, c.indicator_code, c.value,
       coalesce(c.published_rank, s.computed_rank) AS rank,
       CASE WHEN c.published_rank IS NOT NULL THEN coalesce(c.published_ranked_count, ps.province_count)
            ELSE s.computed_count END AS ranked_count,
       -- changes against the previous edition, only within one indicator period (never across a break)
       CASE WHEN s.period = prev.period THEN s.value - prev.value END AS score_change,
       CASE WHEN s.period = prev.period
            THEN coalesce(prev.published_rank, prev.computed_rank) - coalesce(c.published_rank, s.computed_rank)
            END AS rank_change,
       c.derived,
       concat_ws(';  ', nullif(c.source, ''),
                 CASE WHEN c.rank_source_text <> '' AND c.rank_source_text <> c.source
                      THEN 'xếp hạng: ' || c.rank_source_text END) AS source,
       CASE WHEN c.published_rank IS NOT NULL THEN CASE WHEN c.rank_derived THEN 'published_derived' ELSE 'published' END
            WHEN s.computed_rank IS NOT NULL THEN 'computed' END AS rank_source,
       c.disputed, e.coverage AS edition_coverage, c.note, s.period
FROM consolidated c
JOIN series s ON s.rid = c.rowid
-- the same indicator in the same province the year before (the row key less one year): a hash join,
-- not a window sorting every series by year
LEFT JOIN series prev ON prev.key = s.key - (1::BIGINT << 20) AND prev.province_set = s.province_set
JOIN editions e ON e.index_code = c.index_code AND e.year = c.year
LEFT JOIN province_set_sizes ps ON ps.province_set = c.province_set;

-- PAPI's four groups from the 25th/50th/75th linear percentiles of the year's totals. With 60 or 61
-- provinces a cut point falls exactly on a province, whose group then depends on the definition:
-- it is flagged as a boundary, not asserted.
INSERT INTO groups
WITH t AS (SELECT s.index_code, s.year, s.province_code, s.value FROM scores s JOIN indices i USING (index_code)
           WHERE i.quartile_groups AND s.indicator_code = 'TOTAL' AND s.value IS NOT NULL
             AND s.edition_coverage = 'full'),
cuts AS (SELECT index_code, year, quantile_cont(value, 0.25) AS p25, quantile_cont(value, 0.5) AS p50,
                quantile_cont(value, 0.75) AS p75 FROM t GROUP BY ALL),
g AS (SELECT t.*, CASE WHEN value >= p75 THEN 1 WHEN value >= p50 THEN 2 WHEN value >= p25 THEN 3 ELSE 4 END AS group_no,
             least(abs(value - p25), abs(value - p50), abs(value - p75)) < 1e-9 AS boundary
      FROM t JOIN cuts USING (index_code, year))
SELECT g.index_code, g.year, g.province_code, g.group_no, n.group_vi, n.group_en, g.boundary
FROM g JOIN group_names n USING (group_no)
ORDER BY g.index_code, g.year, g.province_code;

-- Tiers the publisher names on its table (PCI's "Rất tốt" … "Thấp"): one per province and edition,
-- from the most authoritative source stating one.
INSERT INTO groups
SELECT index_code, year, province_code, t.group_no, t.group_vi, t.group_en, false
FROM (SELECT s.index_code, s.year, s.province_code, lower(nfc_normalize(trim(s.published_group))) AS label,
             row_number() OVER (PARTITION BY s.index_code, s.year, s.province_code
                                ORDER BY coalesce(k.authority, 0) DESC, s.file_no, s.row) AS pick
      FROM staged_tiers s
      LEFT JOIN source_kind_map m ON s.source_kind IS NULL AND m.index_code = s.index_code AND m.source = s.source
      LEFT JOIN source_kinds k ON k.source_kind = coalesce(s.source_kind, m.source_kind)) g
JOIN tiers t USING (index_code, label)
WHERE pick = 1
ORDER BY index_code, year, province_code;
