"""The briefing pack: everything a staff member puts into a briefing, in one ZIP named by
province and date — the deck (PPTX), every chart of it as PNG (1600×900) and SVG with its title
and source line, and the figures behind its slides as one XLSX (a sheet per table)."""
from __future__ import annotations

import datetime as dt
import io

from chiso import fmt, i18n, render, tables
from chiso.deck import content
from chiso.deck.build import build_deck
from chiso.clock import today_vn


def pack_name(province_code: str, year: int, today: dt.date | None = None, lang: str = "vi", db=None) -> str:
    """'chiso_ha_tinh_2022_26-11-2026.zip'."""
    with i18n.use(lang):
        province = content.province_name(province_code, year, db)
    day = fmt.date(today or today_vn()).replace("/", "-")
    return f"chiso_{tables.file_stem(province)}_{year}_{day}.zip"


def briefing_pack(province_code: str, year: int, db=None, lang: str = "vi", tasks=None,
                  renderer: render.Renderer | None = None, today: dt.date | None = None) -> tuple[bytes, str]:
    """(ZIP bytes, file name). One browser renders the deck's charts and their PNG/SVG files."""
    own = renderer is None
    r = renderer or render.Renderer()
    r.start(wait=False)
    try:
        out = io.BytesIO()
        report = build_deck(province_code, year, out, db=db, lang=lang, tasks=tasks, renderer=r, today=today)
        stem = pack_name(province_code, year, today, lang, db)[:-4]
        files = {f"{stem}.pptx": out.getvalue()}
        with i18n.use(lang):
            for n, chart in sorted(report.charts.items()):
                name = f"{n:02d}_{tables.file_stem(chart.title)[:60]}"
                files[f"hinh/{name}.png"] = render.figure_png(chart.figure, title=chart.title, source=chart.source,
                                                              lang=lang, renderer=r)
                files[f"hinh/{name}.svg"] = render.figure_svg(chart.figure, title=chart.title, source=chart.source,
                                                              lang=lang, renderer=r)
            files[f"{stem}.xlsx"] = tables.workbook(report.sheets)
    finally:
        if own:
            r.close()
    return tables.zip_bundle(files), f"{stem}.zip"
