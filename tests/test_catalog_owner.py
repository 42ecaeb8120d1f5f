"""One owner per concept: data/catalog/ is read by chiso/catalog.py only; everyone else asks it
(issue 14). A grep over the code, so a new direct reader fails here, not in review."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWNER = {"chiso/catalog.py", "chiso/paths.py"}  # paths.py only names the folder
# What reads a catalog file: the folder constant, or a literal path into it handed to open/read.
READS = re.compile(r"CATALOG_DIR|open\([^)]*catalog/|read_csv\([^)]*catalog/|Path\([^)]*data/catalog")


def readers() -> set[str]:
    found = set()
    for folder in ("chiso", "etl", "pages"):  # bench/ copies the folder whole to make a SYNTHETIC one
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in OWNER:
                continue
            code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                             if not line.lstrip().startswith("#"))
            if READS.search(code):
                found.add(rel)
    app = ROOT / "app.py"
    if app.exists() and READS.search(app.read_text(encoding="utf-8")):
        found.add("app.py")
    return found


def test_only_chiso_catalog_reads_the_catalog():
    assert readers() == set(), "read data/catalog through chiso.catalog"


def test_the_grep_sees_a_direct_reader(tmp_path):
    assert READS.search('with open(paths.CATALOG_DIR / "indices.csv") as fh:')
    assert READS.search('pd.read_csv("data/catalog/indices.csv")')
    assert not READS.search("catalog.indices()")


def test_the_indicator_tree_is_walked_by_the_catalog():
    """The one walk of parent_code (tasks' link filters, coverage, plan links ask it): real catalog rows."""
    from chiso import catalog
    from chiso.results.codes import tree_parent

    assert catalog.parent("PAPI", "D2_POVERTY") == "D2"
    assert catalog.parent("PAPI", "TOTAL") is None
    assert catalog.ancestors("PAPI", "D2_POVERTY") == ["D2", "TOTAL"]
    below = catalog.descendants("PAPI", "D2")
    assert {"D2", "D2_INFO", "D2_POVERTY", "D2_BUDGET"} <= below
    assert not any(code.startswith(("D1", "D3")) for code in below)
    # A scorecard's criterion is not in the catalog: its own tree first, then the catalog's.
    assert catalog.ancestors("PAR_INDEX", "F3.2.1") == []
    assert catalog.ancestors("PAR_INDEX", "F3.2.1", fallback=tree_parent)[:2] == ["F3.2", "F3"]
    assert catalog.ancestors("PAR_INDEX", "F3.2.1", fallback=tree_parent)[-1] == "TOTAL"


def test_a_typo_in_a_catalog_file_is_named_at_its_line_and_column(tmp_path):
    """Whoever adds a 2026 edition edits these files by hand; "mười" for a maximum was Python's
    "could not convert string to float" with no file, line or column."""
    import shutil

    import pytest

    from chiso import catalog, paths
    from chiso.errors import InputError

    folder = tmp_path / "catalog"
    shutil.copytree(paths.CATALOG_DIR, folder)
    lines = (folder / "indicators.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",10,", ",mười,", 1)
    (folder / "indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        catalog.indicator_periods(folder)
    assert str(err.value) == f"tệp {folder / 'indicators.csv'}, dòng 4, cột max_value: ô phải là số: 'mười'"
    lines = (folder / "editions.csv").read_text(encoding="utf-8").splitlines()
    (folder / "editions.csv").write_text("\n".join([lines[0].replace(",year,", ",yaer,")] + lines[1:]) + "\n",
                                         encoding="utf-8")
    with pytest.raises(InputError) as err:
        catalog.editions(folder)
    assert str(err.value) == f"tệp {folder / 'editions.csv'}, dòng 1: thiếu cột 'year'"
