"""The subcommands of `python -m chiso`, one module each; what several of them share is here."""
from __future__ import annotations

import sys


def shown_province(code: str, index_code: str | None, year: int, db=None) -> str:
    """`code`, or the province of the 34 whose figures answer for it in the year's editions (Đồng Nai for Bình
    Phước in PAR INDEX 2025: `chiso.scores.shown_province`), said on stderr in the pages' words."""
    from chiso import scores

    shown = scores.shown_province(code, index_code, year, db)
    notice = scores.formed_from_notice(shown, year) if shown != code else None
    if notice:
        print(notice, file=sys.stderr)
    return shown
