"""`python -m chiso build [--db PATH] [--source DIR ...]`: (re)build the published-results database."""
from __future__ import annotations

from pathlib import Path

from chiso import paths
from chiso.i18n import _


def register(sub):
    p = sub.add_parser("build", help=_("build the database from the published figures"))
    p.add_argument("--db", default=None, help=_("DuckDB file to write (default data/chiso.duckdb)"))
    p.add_argument("--source", action="append", type=Path, default=[],
                   help=_("add a folder or file of published figures (canonical CSV/XLSX, a publisher's own "
                          "workbook, ...); repeatable"))
    p.set_defaults(func=run)


def run(args) -> int:
    from etl.build import build

    db = Path(args.db) if args.db else paths.default_db_path()
    report = build(db, args.source)
    print("\n".join(report.lines()))
    print(f"Cơ sở dữ liệu: {db}")
    return 0
