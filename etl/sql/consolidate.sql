-- One value and one published rank per (index, year, province, indicator), from every source.
-- Statements of one figure form one candidate: equal within the tolerance, or (scores) equal once
-- the more precise is rounded as the other is stated (a page's 7,43 and VCCI's 7,4321). Between
-- candidates the most authoritative kind of source wins (data/catalog/source_kinds.csv: official >
-- provincial > press), then the one stated by most sources, then the one a complete table of the
-- edition states (a user loading the Ministry's whole table over a press quote); never the order
-- files were read. When all are equal nothing decides: the value stays a gap, and the
-- disagreement says so.
CREATE OR REPLACE TEMP TABLE stated AS
WITH s AS (
    SELECT key, index_code, year, province_set, province_code, indicator_code, 'value' AS kind, value AS v,
           NULL::INTEGER AS ranked_count, source, source_kind, derived, note, file_no * 1e9 + row AS stated_at
    FROM staged WHERE value IS NOT NULL
    UNION ALL
    SELECT key, index_code, year, province_set, province_code, indicator_code, 'rank', published_rank,
           published_ranked_count, source, source_kind, derived, note, file_no * 1e9 + row
    FROM staged WHERE published_rank IS NOT NULL)
SELECT s.* REPLACE (coalesce(s.source_kind, m.source_kind) AS source_kind),
       coalesce(k.authority, 0) AS authority
FROM s
LEFT JOIN source_kind_map m ON s.source_kind IS NULL AND m.index_code = s.index_code AND m.source = s.source
LEFT JOIN source_kinds k ON k.source_kind = coalesce(s.source_kind, m.source_kind);

-- most keys have one statement: they skip the candidate machinery below
CREATE OR REPLACE TEMP TABLE multi AS
SELECT key, kind, count(*) AS n
FROM stated GROUP BY ALL HAVING count(*) > 1;

-- statements of a key stated more than once, with the decimals each states, and who speaks first
-- (most authoritative, then most precise, then first read) as one number: arg_min over a
-- (authority, decimals, stated_at) tuple compared tuples, most of the candidate step at scale
CREATE OR REPLACE TEMP TABLE stated_m AS
SELECT *, (1000 - authority)::HUGEINT * 100000000000000000000 + (1000 - decimals)::HUGEINT * 1000000000000000
          + CAST(stated_at AS BIGINT) + 10000000000 AS speaker_key
FROM (SELECT s.*, CASE WHEN contains(CAST(v AS VARCHAR), '.') AND NOT contains(lower(CAST(v AS VARCHAR)), 'e')
                       THEN CAST(length(split_part(CAST(v AS VARCHAR), '.', 2)) AS INTEGER) ELSE 0 END AS decimals, m.n
      FROM stated s JOIN multi m USING (key, kind));

-- keys whose statements are one figure (within the tolerance, or two statements equal once rounded as
-- the less precise states it): one candidate, decided by the group below; the rest go through the
-- candidate machinery
CREATE OR REPLACE TEMP TABLE agreeing AS
SELECT key, kind
FROM stated_m GROUP BY ALL
HAVING max(v) - min(v) <= getvariable('tolerance')
    OR (any_value(n) = 2 AND any_value(kind) = 'value' AND min(decimals) >= 1
        AND round(max(v), min(decimals)) = round(min(v), min(decimals)));

CREATE OR REPLACE TEMP TABLE stated_c AS
SELECT * EXCLUDE (prev_v, prev_decimals),
       sum(CASE WHEN abs(v - prev_v) <= getvariable('tolerance') THEN 0
                WHEN kind = 'value' AND least(decimals, prev_decimals) >= 1
                     AND round(v, least(decimals, prev_decimals)) = round(prev_v, least(decimals, prev_decimals))
                THEN 0 WHEN prev_v IS NULL THEN 0 ELSE 1 END)
           OVER (PARTITION BY key, kind ORDER BY v, stated_at
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS candidate
FROM (SELECT *, lag(v) OVER w AS prev_v, lag(decimals) OVER w AS prev_decimals
      FROM (SELECT * FROM stated_m ANTI JOIN agreeing USING (key, kind))
      WINDOW w AS (PARTITION BY key, kind ORDER BY v, stated_at));

-- within a candidate, the most authoritative then most precise statement speaks for it; its sources
-- and notes are listed once each, in the order of their first speaker
CREATE OR REPLACE TEMP TABLE candidates AS
-- whether a source states the edition's whole table: asked only of the sources of candidates, the one
-- place it decides anything
WITH source_complete AS (
    SELECT s.index_code, s.year, s.source, count(DISTINCT s.province_code) >= any_value(z.province_count) AS complete
    FROM staged s SEMI JOIN stated_c c USING (index_code, year, source)
    JOIN province_set_sizes z USING (province_set)
    GROUP BY ALL),
ordered AS (
    SELECT c.*, coalesce(k.complete, false) AS complete,
           row_number() OVER (PARTITION BY key, kind, candidate ORDER BY authority DESC, decimals DESC, stated_at) AS speaker
    FROM stated_c c LEFT JOIN source_complete k USING (index_code, year, source)),
by_source AS (
    SELECT key, kind, candidate, source, min(speaker) AS speaker,
           any_value(source_kind ORDER BY speaker) AS source_kind
    FROM ordered GROUP BY ALL),
sources AS (
    SELECT key, kind, candidate,
           string_agg(source, '; ' ORDER BY speaker) AS sources,
           string_agg(coalesce(source_kind, '?') || ': ' || source, '; '
                      ORDER BY coalesce(source_kind, '?') || ': ' || source) AS sources_labelled,
           count(*) AS n_sources
    FROM by_source GROUP BY ALL),
notes AS (
    SELECT key, kind, candidate, string_agg(note, '; ' ORDER BY speaker) AS notes
    FROM (SELECT key, kind, candidate, note, min(speaker) AS speaker
          FROM ordered WHERE note <> '' GROUP BY ALL)
    GROUP BY ALL),
facts AS (
    SELECT key, kind, candidate, any_value(index_code) AS index_code, any_value(year) AS year,
           any_value(province_set) AS province_set, any_value(province_code) AS province_code,
           any_value(indicator_code) AS indicator_code, arg_min(v, speaker) AS v, arg_min(ranked_count, speaker) AS ranked_count, bool_or(derived) AS derived,
           max(authority) AS authority, bool_or(complete) AS complete, max(abs(v)) AS magnitude
    FROM ordered GROUP BY ALL),
ranked AS (
    SELECT f.*, s.sources, s.sources_labelled, s.n_sources, coalesce(n.notes, '') AS notes,
           row_number() OVER w AS choice, count(*) OVER (PARTITION BY f.index_code, f.year, f.province_code,
                                                         f.indicator_code, f.kind) AS n_candidates,
           lead(f.authority) OVER w AS next_authority, lead(s.n_sources) OVER w AS next_sources,
           lead(f.complete) OVER w AS next_complete
    FROM facts f
    JOIN sources s USING (key, kind, candidate)
    LEFT JOIN notes n USING (key, kind, candidate)
    WINDOW w AS (PARTITION BY f.key, f.kind
                 ORDER BY f.authority DESC, s.n_sources DESC, f.complete DESC, f.magnitude DESC))
SELECT * EXCLUDE (magnitude, next_authority, next_sources, next_complete),
       coalesce(max(CASE WHEN choice = 1 THEN next_authority = authority AND next_sources = n_sources
                                              AND next_complete = complete END)
                    OVER (PARTITION BY key, kind), false) AS unresolved
FROM ranked
UNION ALL BY NAME
-- the same rule for keys whose statements agree, as one group each (no windows, no DISTINCT): the
-- sources and notes of two statements are their first and last speaker's; only keys stated three
-- times or more build ordered lists
SELECT * EXCLUDE (first_source, last_source, first_note, second_note, min_note, max_note, n, l, ln),
       CASE WHEN n > 2 THEN len(list_distinct(l)) WHEN first_source = last_source THEN 1 ELSE 2 END AS n_sources,
       CASE WHEN n > 2 THEN array_to_string(list_filter(l, lambda x, i: list_position(l, x) = i), '; ')
            WHEN first_source = last_source THEN first_source ELSE first_source || '; ' || last_source END AS sources,
       CASE WHEN n > 2 THEN coalesce(array_to_string(list_filter(ln, lambda x, i: list_position(ln, x) = i), '; '), '')
            WHEN max_note = '' THEN '' WHEN min_note = '' OR min_note = max_note THEN max_note
            ELSE first_note || '; ' || second_note END AS notes
-- (the group keeps only numbers: which statement speaks first and last, by row id; their texts are
-- joined back once. Aggregating the sources themselves was three quarters of this step at scale)
FROM (SELECT a.key, a.kind, f.index_code, f.year, f.province_set, f.province_code, f.indicator_code, 0 AS candidate,
             f.v, a.ranked_count, a.derived, a.authority, NULL AS sources_labelled, 1 AS choice, 1 AS n_candidates,
             false AS unresolved, a.n, f.source AS first_source, l.source AS last_source, f.note AS first_note,
             l.note AS second_note, least(f.note, l.note) AS min_note, greatest(f.note, l.note) AS max_note  -- (read when n = 2)
      FROM (SELECT key, kind, arg_min(rowid, speaker_key) AS first_rid, arg_max(rowid, speaker_key) AS last_rid,
                   arg_min(ranked_count, speaker_key) AS ranked_count, bool_or(derived) AS derived,
                   max(authority) AS authority, any_value(n) AS n
            FROM stated_m SEMI JOIN agreeing USING (key, kind)
            GROUP BY key, kind) a
      JOIN stated_m f ON f.rowid = a.first_rid
      JOIN stated_m l ON l.rowid = a.last_rid) a
LEFT JOIN (SELECT key, kind,
                  list(source ORDER BY authority DESC, decimals DESC, stated_at) AS l,
                  list(note ORDER BY authority DESC, decimals DESC, stated_at) FILTER (WHERE note <> '') AS ln
           FROM stated_m SEMI JOIN agreeing USING (key, kind)
           WHERE n > 2 GROUP BY key, kind) USING (key, kind);

CREATE OR REPLACE TEMP TABLE found_disagreements AS
SELECT any_value(index_code) AS index_code, any_value(year) AS year, any_value(province_code) AS province_code,
       any_value(indicator_code) AS indicator_code, kind,
       CASE WHEN NOT any_value(unresolved) THEN arg_min(v, choice) END AS chosen,
       string_agg(format('{:g} ({})', v, sources_labelled), ' | ' ORDER BY choice) AS candidates,
       CASE WHEN any_value(unresolved)
                THEN 'không quyết định được: cùng loại nguồn, cùng số nguồn; để trống (unresolved: same authority, same number of sources; left blank)'
            WHEN min(authority) FILTER (choice = 1) > min(authority) FILTER (choice = 2)
                THEN list_transform([coalesce(min(k1.source_kind) FILTER (choice = 1), '?') || ' > '
                                     || coalesce(min(k1.source_kind) FILTER (choice = 2), '?')],
                                    lambda kinds: 'nguồn có thẩm quyền cao hơn: ' || kinds || ' (higher authority: ' || kinds || ')')[1]
            WHEN min(n_sources) FILTER (choice = 1) > min(n_sources) FILTER (choice = 2)
                THEN 'cùng loại nguồn: giá trị được nhiều nguồn nêu nhất (same authority: most sources)'
            ELSE 'cùng loại nguồn, cùng số nguồn: lấy bảng đủ mọi tỉnh của kỳ (same authority and number of sources: '
                 || 'the complete table of the edition)' END AS rule
FROM candidates LEFT JOIN source_kinds k1 USING (authority)
WHERE n_candidates > 1
GROUP BY key, kind;

-- keys stated once are read from `stated` itself, never copied into `candidates`
CREATE OR REPLACE TEMP MACRO chosen(wanted) AS TABLE
    SELECT * FROM candidates WHERE kind = wanted AND choice = 1
    UNION ALL BY NAME
    SELECT key, index_code, year, province_set, province_code, indicator_code, kind, v, ranked_count, derived,
           source AS sources, note AS notes, false AS unresolved, 1 AS n_candidates
    FROM stated ANTI JOIN multi USING (key, kind) WHERE kind = wanted;

CREATE OR REPLACE TEMP TABLE consolidated AS
WITH v AS (SELECT * FROM chosen('value')),
     r AS (SELECT * FROM chosen('rank'))
SELECT key, coalesce(v.index_code, r.index_code) AS index_code, coalesce(v.year, r.year) AS year,
       coalesce(v.province_set, r.province_set) AS province_set, coalesce(v.province_code, r.province_code) AS province_code,
       coalesce(v.indicator_code, r.indicator_code) AS indicator_code,
       CASE WHEN NOT v.unresolved THEN v.v END AS value,
       CASE WHEN NOT v.unresolved THEN v.sources ELSE '' END AS source,
       coalesce(NOT v.unresolved AND v.derived, false) AS derived,
       CASE WHEN NOT r.unresolved THEN CAST(r.v AS INTEGER) END AS published_rank,
       CASE WHEN NOT r.unresolved THEN r.ranked_count END AS published_ranked_count,
       CASE WHEN NOT r.unresolved THEN r.sources ELSE '' END AS rank_source_text,
       coalesce(NOT r.unresolved AND r.derived, false) AS rank_derived,
       -- the value's notes, then the rank's, each once: a row stating both gave "came last; came last"
       CASE WHEN NOT v.unresolved AND NOT r.unresolved AND v.notes <> '' AND r.notes <> ''
            THEN list_transform([string_split(v.notes || '; ' || r.notes, '; ')],
                                lambda l: array_to_string(list_filter(l, lambda x, i: list_position(l, x) = i), '; '))[1]
            ELSE concat_ws('; ', CASE WHEN NOT v.unresolved THEN nullif(v.notes, '') END,
                                 CASE WHEN NOT r.unresolved THEN nullif(r.notes, '') END) END AS note,
       coalesce(v.n_candidates > 1, false) OR coalesce(r.n_candidates > 1, false) AS disputed,
       CASE WHEN NOT v.unresolved THEN v.sources ELSE '' END AS leaf_source  -- the source a derived parent names
FROM v FULL JOIN r USING (key);

-- what the rule was decided from is no longer read: its memory goes to derivation and ranking
DROP TABLE stated; DROP TABLE multi; DROP TABLE stated_m; DROP TABLE agreeing; DROP TABLE stated_c; DROP TABLE candidates;
