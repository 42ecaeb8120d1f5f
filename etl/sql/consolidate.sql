-- One value and one published rank per (index, year, province, indicator), from every source.
-- Equal statements (within the tolerance) form one candidate. Between different candidates the
-- most authoritative kind of source wins (official > provincial > press), then the candidate stated
-- by most sources; a tie takes the less favourable value and says so. Never the order files were read.
CREATE OR REPLACE TEMP TABLE stated AS
SELECT index_code, year, province_set, province_code, indicator_code, 'value' AS kind, value AS v,
       NULL::INTEGER AS ranked_count, source, source_kind, derived, note, file_no * 1e9 + row AS stated_at
FROM staged WHERE value IS NOT NULL
UNION ALL
SELECT index_code, year, province_set, province_code, indicator_code, 'rank', published_rank,
       published_ranked_count, source, source_kind, derived, note, file_no * 1e9 + row
FROM staged WHERE published_rank IS NOT NULL;

-- most keys have one statement: they skip the candidate machinery below
CREATE OR REPLACE TEMP TABLE multi AS
SELECT index_code, year, province_code, indicator_code, kind FROM stated GROUP BY ALL HAVING count(*) > 1;

CREATE OR REPLACE TEMP TABLE stated_c AS
SELECT * EXCLUDE (prev_v),
       sum(CASE WHEN v - prev_v > getvariable('tolerance') THEN 1 ELSE 0 END)
           OVER (PARTITION BY index_code, year, province_code, indicator_code, kind ORDER BY v, stated_at
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS candidate
FROM (SELECT *, lag(v) OVER (PARTITION BY index_code, year, province_code, indicator_code, kind ORDER BY v, stated_at)
                AS prev_v
      FROM stated SEMI JOIN multi USING (index_code, year, province_code, indicator_code, kind));

CREATE OR REPLACE TEMP TABLE candidates AS
WITH by_source AS (  -- each source once per candidate, at its first statement, with its kind
    SELECT index_code, year, province_code, indicator_code, kind, candidate, source, min(stated_at) AS stated_at,
           min(CASE source_kind WHEN 'official' THEN 1 WHEN 'provincial' THEN 2 WHEN 'press' THEN 3 ELSE 4 END)
               AS authority
    FROM stated_c GROUP BY ALL),
sources AS (
    SELECT index_code, year, province_code, indicator_code, kind, candidate,
           string_agg(source, '; ' ORDER BY stated_at) AS sources,
           string_agg(source, '; ' ORDER BY source) AS sources_sorted, count(*) AS n_sources, min(authority) AS authority
    FROM by_source GROUP BY ALL),
notes AS (
    SELECT index_code, year, province_code, indicator_code, kind, candidate,
           string_agg(note, '; ' ORDER BY stated_at) AS notes
    FROM (SELECT index_code, year, province_code, indicator_code, kind, candidate, note, min(stated_at) AS stated_at
          FROM stated_c WHERE note <> '' GROUP BY ALL)
    GROUP BY ALL),
facts AS (
    SELECT index_code, year, province_set, province_code, indicator_code, kind, candidate,
           arg_min(v, stated_at) AS v, arg_min(ranked_count, stated_at) AS ranked_count, bool_or(derived) AS derived
    FROM stated_c GROUP BY ALL)
SELECT f.*, s.sources, s.sources_sorted, s.n_sources, s.authority, coalesce(n.notes, '') AS notes,
       row_number() OVER (PARTITION BY f.index_code, f.year, f.province_code, f.indicator_code, f.kind
                          ORDER BY s.authority, s.n_sources DESC,
                                   CASE WHEN f.kind = 'rank' OR NOT i.higher_is_better THEN -f.v ELSE f.v END) AS choice,
       count(*) OVER (PARTITION BY f.index_code, f.year, f.province_code, f.indicator_code, f.kind) AS n_candidates
FROM facts f
JOIN sources s USING (index_code, year, province_code, indicator_code, kind, candidate)
LEFT JOIN notes n USING (index_code, year, province_code, indicator_code, kind, candidate)
JOIN indices i USING (index_code)
UNION ALL BY NAME
SELECT index_code, year, province_set, province_code, indicator_code, kind, 0 AS candidate, v, ranked_count, derived,
       source AS sources, source AS sources_sorted, 1 AS n_sources,
       CASE source_kind WHEN 'official' THEN 1 WHEN 'provincial' THEN 2 WHEN 'press' THEN 3 ELSE 4 END AS authority,
       note AS notes, 1 AS choice, 1 AS n_candidates
FROM stated ANTI JOIN multi USING (index_code, year, province_code, indicator_code, kind);

CREATE OR REPLACE TEMP TABLE found_disagreements AS
SELECT index_code, year, province_code, indicator_code, kind,
       arg_min(v, choice) AS chosen,
       string_agg(format('{:g} ({}{})', v, CASE authority WHEN 1 THEN 'official: ' WHEN 2 THEN 'provincial: '
                                                          WHEN 3 THEN 'press: ' ELSE '' END, sources_sorted),
                  ' | ' ORDER BY choice) AS candidates,
       CASE WHEN min(authority) FILTER (choice = 1) < min(authority) FILTER (choice = 2)
                THEN 'nguồn có thẩm quyền hơn (more authoritative source: official > provincial > press)'
            WHEN min(n_sources) FILTER (choice = 1) > min(n_sources) FILTER (choice = 2)
                THEN 'giá trị được nhiều nguồn nêu nhất (most sources)'
            ELSE 'hòa: lấy giá trị kém thuận lợi hơn (tie: the less favourable value)' END AS rule
FROM candidates WHERE n_candidates > 1
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE consolidated AS
WITH v AS (SELECT * FROM candidates WHERE kind = 'value' AND choice = 1),
     r AS (SELECT * FROM candidates WHERE kind = 'rank' AND choice = 1)
SELECT index_code, year, coalesce(v.province_set, r.province_set) AS province_set, province_code, indicator_code,
       v.v AS value, coalesce(v.sources, '') AS source, coalesce(v.derived, false) AS derived,
       CAST(r.v AS INTEGER) AS published_rank, r.ranked_count AS published_ranked_count,
       coalesce(r.sources, '') AS rank_source_text, coalesce(r.derived, false) AS rank_derived,
       concat_ws('; ', nullif(v.notes, ''), nullif(r.notes, '')) AS note,
       coalesce(v.n_candidates > 1, false) OR coalesce(r.n_candidates > 1, false) AS disputed,
       coalesce(v.sources, '') AS leaf_source  -- the published source a derived parent names
FROM v FULL JOIN r USING (index_code, year, province_code, indicator_code);
