"""Validation as SQL over the staging tables: each rule a condition on a row, the first offending
row (in read order) raised as an InputError naming file, sheet, row and column. Nothing is loaded
unless every row passes. Disagreements between sources are not errors: they are reported.

    raw (text) --parse rules--> staged (typed) --catalog rules--> duplicate rule
"""
from __future__ import annotations

from chiso import catalog
from chiso.errors import InputError
from chiso.names import UnknownProvince, province_set_codes, resolve_province, resolve_province_2025
from etl import staging
from etl.canonical import (ALL_COLUMNS as COLUMNS, NOT_FINITE, NOT_INTEGER, SOURCE_KINDS,
                           TEXT_IN_NUMBER, TOO_LARGE, YES, NO, NOT_YES_OR_NO, LARGEST_INTEGER)
from etl.reference import insert
from etl.sources import AGGREGATE_HEADERS
from chiso.clock import today_vn

TOLERANCE = 1e-6  # float32 noise in UNDP's 2015-2016 sheets is below this

MACROS = f"""
-- trimming Vietnamese text is costly, so only a cell that starts or ends with a space (' ', tab,
-- no-break space: the characters themselves, which bind faster than chr(9), chr(160)) is trimmed
CREATE OR REPLACE TEMP MACRO cell(t) AS CASE WHEN t = '' THEN NULL
    WHEN prefix(t, ' ') OR suffix(t, ' ') OR prefix(t, '\t') OR suffix(t, '\t') OR prefix(t, '\u00a0')
         OR suffix(t, '\u00a0') THEN nullif(trim(t, ' \t\u00a0'), '') ELSE t END;
-- '85,95' '85.95' '91,81%' '1.234,5' '1,234.5' -> DOUBLE (NULL when not a number); `t` already trimmed
CREATE OR REPLACE TEMP MACRO num_text(t) AS
    replace(replace(CASE WHEN suffix(t, '%') THEN t[:-2] ELSE t END, ' ', ''), chr(160), '');
-- the text is bound once, as a lambda's argument: a macro argument named seven times is planned (and
-- run) seven times, which made one call 4 ms to plan and twice as slow to run
CREATE OR REPLACE TEMP MACRO to_num(t) AS coalesce(TRY_CAST(t AS DOUBLE), list_transform([num_text(t)], lambda s: TRY_CAST(
    CASE WHEN contains(s, ',') AND contains(s, '.') THEN
        CASE WHEN strpos(reverse(s), ',') < strpos(reverse(s), '.')
             THEN replace(replace(s, '.', ''), ',', '.') ELSE replace(s, ',', '') END
    ELSE replace(s, ',', '.') END AS DOUBLE))[1]);
CREATE OR REPLACE TEMP MACRO bad_num(t, n) AS t IS NOT NULL AND n IS NULL;
CREATE OR REPLACE TEMP MACRO not_finite(n) AS n IS NOT NULL AND (isnan(n) OR isinf(n));
CREATE OR REPLACE TEMP MACRO not_whole(n) AS n IS NOT NULL AND NOT isnan(n) AND NOT isinf(n) AND n <> trunc(n);
-- a whole number an INTEGER column cannot hold (a year typed 20244, a rank pasted from a total)
CREATE OR REPLACE TEMP MACRO too_large(n) AS n IS NOT NULL AND NOT isnan(n) AND NOT isinf(n) AND abs(n) > {LARGEST_INTEGER};
"""

# raw -> parsed: text cells trimmed, numbers parsed; rows with neither value nor rank are gaps. A number
# is first read as DuckDB reads one (TRY_CAST: what to_num tries first); the cells that leaves unread
# ('85,95', '91,81%', a typo) are read again by to_num's whole rule in NUMBERS_BY_RULE, run only
# when there is one: with to_num on every cell, a parse spent half its time on the empty rank cells
# A code is digits alone (no sign, no space): what is left of it once its digits are trimmed is empty
# (a regular expression for the same took a seventh of the parse).
PARSED = """
CREATE OR REPLACE TEMP TABLE parsed AS
SELECT *, TRY_CAST(year_t AS DOUBLE) AS year_n, TRY_CAST(value_t AS DOUBLE) AS value_n,
       TRY_CAST(rank_t AS DOUBLE) AS rank_n, TRY_CAST(count_t AS DOUBLE) AS count_n,
       CASE WHEN TRY_CAST(code_int AS UBIGINT) IS NOT NULL AND ltrim(code_int, '0123456789') = ''
            THEN CASE WHEN length(code_int) = 1 THEN '0' || code_int ELSE code_int END END AS code_n
FROM (SELECT *, CASE WHEN suffix(code_t, '.0') THEN left(code_t, -2) ELSE code_t END AS code_int
      FROM (SELECT file_no, file, sheet, row, cell(index_code) AS index_t, cell(year) AS year_t,
                   cell(province_set) AS set_t, cell(province_code) AS code_t, cell(province_name) AS name_t,
                   cell(indicator_code) AS indicator_t, cell(value) AS value_t, cell(published_rank) AS rank_t,
                   cell(published_ranked_count) AS count_t, cell(derived) AS derived_t, cell(source) AS source_t,
                   cell(note) AS note_t, lower(cell(source_kind)) AS kind_t, cell(published_group) AS group_t
            FROM raw))
WHERE value_t IS NOT NULL OR rank_t IS NOT NULL OR group_t IS NOT NULL
"""
UNREAD_NUMBERS = """(year_n IS NULL AND year_t IS NOT NULL) OR (value_n IS NULL AND value_t IS NOT NULL)
    OR (rank_n IS NULL AND rank_t IS NOT NULL) OR (count_n IS NULL AND count_t IS NOT NULL)"""
NUMBERS_BY_RULE = f"""
UPDATE parsed SET year_n = to_num(year_t), value_n = to_num(value_t), rank_n = to_num(rank_t),
                  count_n = to_num(count_t)
WHERE {UNREAD_NUMBERS}
"""

def _number_rules(text: str, number: str, key, whole: bool) -> list[tuple]:
    """The refusals of a number cell, in the order a reader checks it: text, not finite, and for a
    year, rank or count, not whole or too large for an INTEGER column."""
    rules = [(f"bad_num({text}, {number})", key, TEXT_IN_NUMBER, text), (f"not_finite({number})", key, NOT_FINITE, text)]
    if whole:
        rules += [(f"not_whole({number})", key, NOT_INTEGER, text), (f"too_large({number})", key, TOO_LARGE, text)]
    return rules


# (condition, column key, message, value shown) in the order a reader checks a row
PARSE_RULES = [
    ("index_t IS NULL", "index_code", "required value missing", None),
    ("year_t IS NULL", "year", "required value missing", None),
    ("indicator_t IS NULL", "indicator_code", "required value missing", None),
    ("source_t IS NULL", "source", "required value missing", None),
    *_number_rules("year_t", "year_n", "year", whole=True),
    *_number_rules("value_t", "value_n", "value", whole=False),
    *_number_rules("rank_t", "rank_n", "published_rank", whole=True),
    ("code_t IS NULL AND name_t IS NULL", "province_name", "province name or code missing", None),
    ("code_t IS NOT NULL AND code_n IS NULL", "province_code", "a province code is a GSO number", "code_t"),
    *_number_rules("count_t", "count_n", "published_ranked_count", whole=True),
    (f"kind_t IS NOT NULL AND kind_t NOT IN {SOURCE_KINDS}", "source_kind",
     "source kind must be official, provincial or press", "kind_t"),
    (f"derived_t IS NOT NULL AND lower(derived_t) NOT IN {tuple(sorted(YES | NO))}", "derived", NOT_YES_OR_NO,
     "derived_t"),
]

STAGED = f"""
CREATE OR REPLACE TEMP VIEW staged AS
SELECT file_no, file, sheet, row, NULL::VARCHAR AS value_column, upper(index_t) AS index_code,
       CAST(year_n AS INTEGER) AS year, set_t AS province_set, code_n AS province_code,
       coalesce(name_t, '') AS province_name, upper(indicator_t) AS indicator_code, value_n AS value,
       CAST(rank_n AS INTEGER) AS published_rank, CAST(count_n AS INTEGER) AS published_ranked_count,
       coalesce(lower(derived_t) IN {tuple(sorted(YES))}, false) AS derived, source_t AS source,
       coalesce(note_t, '') AS note, kind_t AS source_kind, group_t AS published_group,
       -- as typed, for a refusal's message alone (the view reads them only for the refused row)
       value_t AS value_text, rank_t AS rank_text, count_t AS count_text
FROM parsed
UNION ALL BY NAME
SELECT file_no, file, sheet, row, value_column, index_code, year, province_set, province_code, province_name,
       indicator_code, value, published_rank, published_ranked_count, derived, source, note, source_kind,
       published_group
FROM imported
"""

# staged + its edition + resolved province + catalog period (table `checked`) -> faults
CATALOG_RULES = [
    ("known_index IS NULL", "index_code", "index not in the catalog", "index_code"),
    ("NOT allowed", "year", "year outside the editions of {index} ({first}–{last})", "year"),
    ("province_set IS NOT NULL AND province_set <> edition_set", "province_set",
     "edition {index} {year} ranks the {expected}-province set, not {given}", "province_set"),
    ("problem IS NOT NULL", None, None, None),
    ("known_indicator IS NULL", "indicator_code", "component not in the {index} {year} catalog", "indicator_code"),
    ("value < 0", "value", "score below zero", "value"),
    (f"value > max_value + {TOLERANCE}", "value", "score outside its scale (maximum {max})", "value"),
    ("published_ranked_count > set_size OR published_ranked_count < 1", "published_ranked_count",
     "ranked count outside 1–{size}, the provinces of the edition's set", "published_ranked_count"),
    ("published_rank < 1 OR published_rank > coalesce(published_ranked_count, set_size)", "published_rank",
     "rank outside 1–{count}", "published_rank"),
    ("published_group IS NOT NULL AND tier_no IS NULL", "published_group", "tier not in data/catalog/tiers.csv",
     "published_group"),
]


# The national and regional means (etl/sources.py's aggregates file, read as text like the scores):
# the same reading of a number, the same refusals. Unchecked, a mean typed "abc" loaded as a gap and
# a year typed "20x2" stopped the build with DuckDB's NOT NULL error, naming no row. The build and
# read_records take the checked means from `AGGREGATES`, read once here.
AGGREGATES_PARSED = """
CREATE OR REPLACE TEMP VIEW aggregates_parsed AS
SELECT *, to_num(year_t) AS year_n, to_num(value_t) AS value_n
FROM (SELECT a.file_no, a.file, NULL::VARCHAR AS sheet, a.row, upper(cell(a.index_code)) AS index_t,
             cell(a.year) AS year_t, cell(a.scope) AS scope_t, cell(a.metric) AS metric_t, cell(a.value) AS value_t,
             cell(a.source) AS source_t, coalesce(cell(a.note), '') AS note_t, k.index_code AS known_index
      FROM aggregates_raw a LEFT JOIN indices k ON k.index_code = upper(cell(a.index_code)))
"""
AGGREGATES = """SELECT index_t AS index_code, CAST(year_n AS INTEGER) AS year, scope_t AS scope, metric_t AS metric,
                       value_n AS value, source_t AS source, note_t AS note
                FROM aggregates_parsed ORDER BY file_no, row"""
AGGREGATE_RULES = [
    ("index_t IS NULL", "index_code", "required value missing", None),
    ("known_index IS NULL", "index_code", "index not in the catalog", "index_t"),
    ("year_t IS NULL", "year", "required value missing", None),
    *_number_rules("year_t", "year_n", "year", whole=True),
    ("scope_t IS NULL", AGGREGATE_HEADERS[2], "required value missing", None),
    ("metric_t IS NULL", AGGREGATE_HEADERS[3], "required value missing", None),
    ("value_t IS NULL", "value", "required value missing", None),
    *_number_rules("value_t", "value_n", "value", whole=False),
    ("source_t IS NULL", "source", "required value missing", None),
]


def check(con) -> None:
    """Parse and check every staged row; raise on the first fault, in read order. Each text copy is
    dropped once nothing reads it: held all at once, the copies took 10 GB at SYNTHETIC x100 and the
    build spent a third of its time having the system hand it fresh memory."""
    con.execute(MACROS)
    _parse(con)
    staging.drop_read_files(con)  # `parsed` holds every cell (trimmed) and names a refused one
    _first_fault(con, "parsed", PARSE_RULES)
    _staged(con)
    _editions(con)
    _provinces(con)
    _catalog_rules(con)
    con.execute("DROP TABLE parsed")  # from here on `staged` reads `checked`
    _duplicates(con)
    con.execute(AGGREGATES_PARSED)
    _first_fault(con, "aggregates_parsed", AGGREGATE_RULES)


def _parse(con) -> None:
    con.execute(PARSED)
    if con.execute(f"SELECT 1 FROM parsed WHERE {UNREAD_NUMBERS} LIMIT 1").fetchone():
        con.execute(NUMBERS_BY_RULE)


def _staged(con) -> None:
    """parsed + imported as one typed view (read by the checks below; `checked` is its one copy)."""
    con.execute(STAGED)


def _rule_case(rules) -> str:
    """The number of the first rule a row breaks (NULL: none), in the order a reader checks a row."""
    return "CASE " + " ".join(f"WHEN {cond} THEN {n}" for n, (cond, *_rest) in enumerate(rules)) + " END"


def _first_fault(con, table: str, rules, *, ruled: str | None = None) -> None:
    """The first row (in read order) a rule refuses. Only the rule is computed over every row (or read
    from `ruled`, a narrow table holding it as `rule`); the refused row's cells and shown values are
    read again from `table`, for its message alone."""
    case = _rule_case(rules)
    values = ", ".join(f"CAST({v} AS VARCHAR)" if v else "NULL::VARCHAR" for _c, _k, _m, v in rules)
    first = con.execute(f"""
        SELECT file_no, row, rule FROM {ruled or f"(SELECT file_no, row, {case} AS rule FROM {table})"}
        WHERE rule IS NOT NULL ORDER BY file_no, row LIMIT 1""").fetchone()
    if first is None:
        return
    row = con.execute(f"""
        SELECT * FROM (SELECT *, {case} AS rule, [{values}] AS shown FROM {table}
                       WHERE file_no = ? AND row = ?)
        WHERE rule = ? LIMIT 1""", list(first)).fetchone()
    names = [d[0] for d in con.description]
    fault = dict(zip(names, row))
    cond, key, message, _v = rules[fault["rule"]]
    raise _fault(fault, key, message, fault["shown"][fault["rule"]])


TYPED = {"value": "value_text", "published_rank": "rank_text", "published_ranked_count": "count_text"}


def _fault(f: dict, key, message, shown) -> InputError:
    column = COLUMNS.get(key, key)
    if key == "value" and f.get("value_column"):
        column = f["value_column"]
    if f.get("problem"):
        column, message, shown = COLUMNS[f["problem_column"]], f["problem"], f["problem_value"]
    index, year = f.get("index_code"), f.get("year")
    edition = f.get("edition_set")
    params = dict(index=index, year=year, expected=edition, given=f.get("province_set"),
                  first=f.get("first_allowed"), last=f.get("last_allowed"), size=f.get("set_size"),
                  count=f.get("published_ranked_count") or f.get("set_size"),
                  name=f.get("province_name"), expected_code=f.get("problem_expected"),
                  max="" if f.get("max_value") is None else f"{f['max_value']:g}")
    if f.get(TYPED.get(key, "")):
        shown = f[TYPED[key]]  # as the cell has it: '859,5' is what the user can find in the file
    elif key == "value" and isinstance(f.get("value"), float):
        v = f["value"]  # as a person writes the number: 12.5 (never 12.500000), -5 (never -5.0)
        shown = str(int(v)) if v.is_integer() and abs(v) < 1e15 else str(v)
    return InputError(message, file=f["file"], sheet=f["sheet"], row=f["row"], column=column, value=shown, **params)


def _editions(con) -> None:
    """Which province set each staged (index, year) ranks, and whether the year is an edition at all:
    the catalog's editions, and the years since the index began up to this one (next year's table
    loads before the catalog lists it; 2099 or 1899 never does)."""
    known = catalog.editions()
    indices = catalog.indices()
    this_year = today_vn().year
    rows = []
    for index_code, year in con.execute("SELECT DISTINCT index_code, year FROM staged").fetchall():
        idx = indices.get(index_code)
        if idx is None or year is None:
            continue
        allowed = (index_code, year) in known or idx.first_year <= year <= this_year
        first = min([y for (i, y) in known if i == index_code] + [idx.first_year])
        edition_set = catalog.edition(index_code, year).province_set if allowed else None
        size = next((int(s["province_count"]) for s in catalog.province_sets() if s["province_set"] == edition_set),
                    None)
        rows.append((index_code, year, allowed, edition_set, size, first, this_year))
    con.execute("CREATE OR REPLACE TEMP TABLE staged_editions (index_code VARCHAR, year INTEGER, allowed BOOLEAN, "
                "province_set VARCHAR, set_size INTEGER, first_allowed INTEGER, last_allowed INTEGER)")
    insert(con, "staged_editions", rows)


def _provinces(con) -> None:
    """Each distinct (set, code, name) resolved once: the name read in the edition's set, and a
    code that disagrees with its name refused (the name is what a person typed last)."""
    rows = []
    for edition_set, code, name in con.execute(
            "SELECT DISTINCT e.province_set, s.province_code, s.province_name FROM staged s "
            "JOIN staged_editions e USING (index_code, year) WHERE e.allowed").fetchall():
        rows.append((edition_set, code, name, *_resolve(edition_set, code, name)))
    # province_id: the resolved code as a small integer, for the row key (see _catalog_rules)
    ids = {c: i for i, c in enumerate(sorted({r[3] for r in rows if r[3] is not None}), start=1)}
    rows = [(*r, ids.get(r[3])) for r in rows]
    con.execute("CREATE OR REPLACE TEMP TABLE province_map (edition_set VARCHAR, code_in VARCHAR, name_in VARCHAR, "
                "province_code VARCHAR, problem VARCHAR, problem_column VARCHAR, problem_value VARCHAR, "
                "problem_expected VARCHAR, province_id INTEGER)")
    insert(con, "province_map", rows)


def _resolve(edition_set, code, name):
    resolve = resolve_province_2025 if edition_set == "34" else resolve_province
    codes = province_set_codes(edition_set)
    from_name = None
    if name:
        try:
            from_name = resolve(name)
        except UnknownProvince:
            return None, "unknown province", "province_name", name, None
    if code and code not in codes:
        return None, "province code not in the {expected}-province set", "province_code", code, None
    if not code and from_name not in codes:
        return None, "province code not in the {expected}-province set", "province_name", name, from_name
    if code and from_name and code != from_name:
        return None, "province code and name disagree: {name} is code {expected_code}", "province_code", code, \
            from_name
    return code or from_name, None, None, None, None


def _catalog_rules(con) -> None:
    """Each staged row beside its edition, resolved province and catalog period (the view
    `checked_wide`); one narrow copy, `checked`, keeps what the later steps read and the number of the
    rule a row breaks. The columns only a message names are read again for the refused row alone:
    copying them for every row was half the step."""
    con.execute("""
        CREATE OR REPLACE TEMP VIEW checked_wide AS
        SELECT s.*, m.province_code AS resolved_code, e.province_set AS edition_set, e.allowed,
               e.set_size, e.first_allowed, e.last_allowed, p.max_value, m.problem, m.problem_column,
               m.problem_value, m.problem_expected, k.index_code AS known_index, p.indicator_code AS known_indicator,
               t.group_no AS tier_no,
               -- one integer for (index, indicator, year, province): what consolidation, derivation and
               -- ranking group and join by, instead of four text columns (a third of their time)
               (CAST(p.indicator_id AS BIGINT) << 40) + (CAST(s.year AS BIGINT) << 20) + m.province_id AS key
        FROM staged s
        LEFT JOIN indices k ON k.index_code = s.index_code
        LEFT JOIN staged_editions e ON e.index_code = s.index_code AND e.year = s.year
        LEFT JOIN province_map m ON m.edition_set = e.province_set AND m.code_in IS NOT DISTINCT FROM s.province_code
                                AND m.name_in IS NOT DISTINCT FROM s.province_name
        LEFT JOIN periods p ON p.index_code = s.index_code AND p.indicator_code = s.indicator_code
                              AND s.year BETWEEN p.first_year AND coalesce(p.last_year, 9999)
        LEFT JOIN tiers t ON t.index_code = s.index_code AND t.label = lower(nfc_normalize(s.published_group))""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE checked AS
        SELECT key, file_no, file, sheet, row, value_column, index_code, year, edition_set AS province_set,
               resolved_code AS province_code, province_name, indicator_code, value, published_rank,
               published_ranked_count, derived, source, note, source_kind, published_group, tier_no,
               {_rule_case(CATALOG_RULES)} AS rule
        FROM checked_wide""")
    _first_fault(con, "checked_wide", CATALOG_RULES, ruled="checked")
    # from here on the checked rows, read through a view (no copy)
    con.execute("CREATE OR REPLACE TEMP VIEW staged AS SELECT * EXCLUDE (rule) FROM checked")


CELL = "index_code, year, province_code, indicator_code"  # one published figure's place


def _statements(cell: str) -> str:
    """Every value and published rank a staged row states, one row each, placed by `cell`."""
    return f"""
            SELECT file_no, file, sheet, row, value_column, {cell}, source, 'value' AS kind, value AS v
            FROM staged WHERE value IS NOT NULL
            UNION ALL
            SELECT file_no, file, sheet, row, value_column, {cell}, source, 'published_rank', published_rank
            FROM staged WHERE published_rank IS NOT NULL"""


def _duplicates(con, cell: str = "key") -> None:
    """The same value stated twice by one source collapses; one source stating two values is an error.
    `cell`: the checked rows' integer row key, or (before the catalog rules) the CELL columns."""
    # only a cell stated more than once can clash: found on the short key first
    clash = con.execute(f"""
        WITH s AS ({_statements(cell)}),
        multi AS (SELECT {cell}, kind FROM s GROUP BY ALL HAVING max(v) - min(v) > {TOLERANCE})
        SELECT 1 FROM s SEMI JOIN multi USING ({cell}, kind)
        GROUP BY {cell}, kind, source, file
        HAVING max(v) - min(v) > {TOLERANCE} LIMIT 1""").fetchone()
    if clash is None:
        return
    fault = con.execute(f"""
        WITH firsts AS (
            SELECT *, first_value(v) OVER w AS first_v, first_value(row) OVER w AS first_row
            FROM ({_statements(CELL)}) WINDOW w AS (PARTITION BY {CELL}, kind, source, file
                                         ORDER BY sheet NULLS FIRST, row))
        SELECT file, sheet, row, value_column, kind, v, first_v, first_row FROM firsts
        WHERE abs(v - first_v) > {TOLERANCE} ORDER BY file_no, row LIMIT 1""").fetchone()
    file, sheet, row, value_column, kind, v, first_v, first_row = fault
    if kind == "published_rank":
        v, first_v = int(v), int(first_v)
    column = value_column if kind == "value" and value_column else COLUMNS[kind]
    raise InputError("same row as row {first_row} but another value ({first} ≠ {second})", file=file,
                     sheet=sheet, row=row, column=column, value=v, first_row=first_row, first=first_v, second=v)



# ------------------------------------------------------------------ the same rules for a few records


def check_duplicates_only(con) -> None:
    """Only the duplicate rule (one source stating two values for one published figure) over the staged
    rows, for records whose other rules were checked on their own (`etl.checked_records`)."""
    con.execute(MACROS)
    _parse(con)
    _staged(con)
    _duplicates(con, cell=CELL)
