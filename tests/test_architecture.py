"""docs/ARCHITECTURE.md's one-way flow, checked on the imports (issue 14): lookups import nothing
above them; the build (etl/) asks only the lookups (and chiso.results for entered results); the read
side never imports the build; only the named edges start a build."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOKUPS = {"chiso.paths", "chiso.errors", "chiso.i18n", "chiso.catalog", "chiso.names", "chiso.aliases", "chiso.clock"}
ETL_MAY_ASK = LOOKUPS | {"chiso", "chiso.results"}
# Outside etl/, who may import etl (docs/ARCHITECTURE.md, layers 4 and 5)
STARTS_OR_CHECKS = {"chiso/frame.py", "chiso/cli.py", "chiso/commands/build.py", "chiso/commands/results.py",
                    "chiso/results/national.py", "chiso/results/scorecard.py", "chiso/results/store.py",
                    "pages/11_Nhap_ket_qua.py"}


def imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def python_files(*folders: str) -> list[Path]:
    return [p for f in folders for p in sorted((ROOT / f).rglob("*.py"))] + [ROOT / "app.py"]


def chiso_module(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "chiso" else parts[0]


def test_lookups_import_only_lookups():
    for name in LOOKUPS:
        path = ROOT / (name.replace(".", "/") + ".py")
        used = {chiso_module(m) for m in imports(path) if m.split(".")[0] in ("chiso", "etl")}
        assert used <= LOOKUPS | {"chiso"}, (name, used - LOOKUPS)


def test_the_build_asks_only_the_lookups():
    for path in sorted((ROOT / "etl").rglob("*.py")):
        used = {chiso_module(m) for m in imports(path) if m.startswith("chiso")}
        assert used <= ETL_MAY_ASK, (path.name, used - ETL_MAY_ASK)


def test_only_the_named_edges_import_the_build():
    found = set()
    for path in python_files("chiso", "pages"):
        if path.exists() and any(m.split(".")[0] == "etl" for m in imports(path)):
            found.add(path.relative_to(ROOT).as_posix())
    assert found <= STARTS_OR_CHECKS, found - STARTS_OR_CHECKS


def test_the_read_side_never_builds():
    for rel in ("chiso/db.py", "chiso/scores.py"):
        assert not any(m.split(".")[0] == "etl" for m in imports(ROOT / rel)), rel


def test_pages_write_no_sql():
    for path in sorted((ROOT / "pages").glob("*.py")):
        assert "duckdb" not in {m.split(".")[0] for m in imports(path)}, path.name


def test_pages_show_tables_and_charts_through_their_one_owner():
    """A table goes through `ui.table` and a chart through `ui_charts.chart`, so that what a phone
    needs (the columns a reader looks for first, a chart laid out for 412 px) is decided once:
    before, eight tables called st.dataframe themselves and none of them knew about phones."""
    direct = {}
    for path in python_files("pages", "chiso"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("chiso/ui.py", "chiso/ui_charts.py") or not path.exists():
            continue
        code = path.read_text(encoding="utf-8")
        calls = [c for c in ("st.dataframe(", "st.plotly_chart(") if c in code]
        if calls:
            direct[rel] = calls
    assert direct == {}, direct


def test_the_address_is_written_by_its_one_owner():
    """The address is written through `address.write_url` (and a run stopped or rerun through `ui.stop`,
    `ui.rerun`, which send the run's writes first), so that a run's writes reach the browser as one
    step of its history: written one choice at a time, a page visit was seven steps for Back."""
    direct = {}
    for path in python_files("pages", "chiso"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("chiso/ui.py", "chiso/address.py") or not path.exists():
            continue
        code = path.read_text(encoding="utf-8")
        calls = [c for c in ("st.stop(", "st.rerun(", "st.query_params[", "st.query_params.update(",
                             "st.query_params.from_dict(", "st.query_params.pop(", "st.query_params.clear(")
                 if c in code]
        if calls:
            direct[rel] = calls
    assert direct == {}, direct


def test_no_module_of_the_app_is_over_500_lines():
    """Issue 14: a module a newcomer can read through. charts.py grew to 501 lines; the comparison
    charts (several provinces on every component) went to their own module, as the map had."""
    long = {p.relative_to(ROOT).as_posix(): n for p in python_files("chiso", "etl", "pages")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}, long
