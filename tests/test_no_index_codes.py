"""Adding an index is data plus one importer: no page and no core module names an index.

Index codes (PAPI, PAR_INDEX, SIPAS, PCI, and any index added to data/catalog/indices.csv) may
appear in the catalog code and in docstrings and comments, never in a string the code uses."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOG_CODE = {"chiso/catalog.py"}


def code_files() -> list[str]:
    files = sorted(ROOT.glob("pages/*.py")) + sorted(ROOT.glob("chiso/**/*.py"))
    return [str(p.relative_to(ROOT)) for p in files if str(p.relative_to(ROOT)) not in CATALOG_CODE]


def index_codes() -> list[str]:
    from chiso import catalog
    return sorted(catalog.indices())


def docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


def index_code_strings(rel: str) -> list[str]:
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, index_codes())) + r")(?![A-Za-z0-9_])")
    tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
    skip = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            for m in pattern.finditer(node.value):
                found.append(f"{rel}:{node.lineno}: {m.group(1)} in {node.value[:60]!r}")
    return found


def test_the_grep_finds_an_index_code_where_there_is_one(tmp_path):
    # the test must be able to fail: a literal naming an index is found, a docstring is not
    probe = ROOT / "chiso" / "_probe_index_codes.py"
    probe.write_text('"""PAPI in a docstring is fine."""\nORDER = {"PAPI": 0, f"{1}PCI": 1}\n', encoding="utf-8")
    try:
        found = index_code_strings("chiso/_probe_index_codes.py")
    finally:
        probe.unlink()
    assert [f.split(": ")[1].split(" in ")[0] for f in found] == ["PAPI", "PCI"]


@pytest.mark.parametrize("rel", code_files())
def test_no_page_or_core_module_names_an_index(rel):
    assert index_code_strings(rel) == []
