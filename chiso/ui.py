"""Shared Streamlit furniture for every page: language, province and year choice (in the URL),
cached data access, and "chưa có số liệu" for gaps.

Pages call these; they hold presentation only.
"""
from __future__ import annotations

import streamlit as st

from chiso import db, fmt, i18n, scores

LANGS = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_PROVINCE = "42"  # Hà Tĩnh: a province whose published figures are the project's anchor checks


def setup(title_vi: str, title_en: str, icon: str = "📊") -> str:
    """Page config, database on first start, language switch. Returns the language code."""
    _leave_legacy_page_mode()
    st.set_page_config(page_title=f"chiso · {title_vi}", page_icon=icon, layout="wide")
    if db.needs_build():
        with st.spinner("Đang dựng cơ sở dữ liệu từ số liệu đã công bố (lần đầu khởi động hoặc có số liệu mới) ..."):
            db.ensure_built(progress=lambda *_: None)
    lang = _param("lang", "vi")
    lang = st.sidebar.radio("Ngôn ngữ / Language", list(LANGS), index=list(LANGS).index(lang) if lang in LANGS else 0,
                            format_func=LANGS.get, horizontal=True, key="lang")
    st.query_params["lang"] = lang
    i18n.set_language(lang)
    return lang


def _leave_legacy_page_mode() -> None:
    """A fresh server whose first visitor follows a shared link (`/So_sanh`) runs that page in
    Streamlit's legacy `pages/` mode, skipping app.py's navigation (sidebar without diacritics).
    Streamlit leaves that mode once st.navigation runs; run again through app.py so it does."""
    from streamlit.runtime.pages_manager import PagesManager  # no public switch for this
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def t(lang: str, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _param(name: str, default):
    value = st.query_params.get(name)
    if value is None:
        value = st.session_state.get(f"_remember_{name}", default)
    return value


def _remember(name: str, value) -> None:
    st.session_state[f"_remember_{name}"] = value
    st.query_params[name] = str(value)


@st.cache_data(show_spinner=False)
def _cached(fn_name: str, version: float, *args):
    """Cache keyed by the database file's version, so a rebuild clears it."""
    return getattr(scores, fn_name)(*args)


def data(fn_name: str, *args):
    """Run `chiso.scores.<fn_name>(*args)` through the page cache."""
    return _cached(fn_name, db.db_version(), *args)


def province_picker(lang: str, key: str = "province") -> str:
    """Province choice, remembered across pages and kept in the URL (?province=42)."""
    prov = data("provinces")
    codes = list(prov.province_code)
    names = dict(zip(prov.province_code, prov.name_vi if lang == "vi" else prov.name_en))
    current = str(_param("province", DEFAULT_PROVINCE)).zfill(2)
    chosen = st.sidebar.selectbox(t(lang, "Tỉnh/thành phố", "Province"), codes,
                                  index=codes.index(current) if current in codes else 0,
                                  format_func=lambda c: names.get(c, c), key=key)
    _remember("province", chosen)
    return chosen


def index_picker(lang: str, key: str = "index") -> str:
    idx = data("indices")
    codes = list(idx.index_code)
    current = _param("index", codes[0])
    chosen = st.sidebar.selectbox(t(lang, "Chỉ số", "Index"), codes, index=codes.index(current) if current in codes else 0,
                                  format_func=lambda c: idx.set_index("index_code").short[c], key=key)
    _remember("index", chosen)
    return chosen


def year_picker(lang: str, index_code: str | None = None, key: str = "year") -> int:
    """Year choice among editions (of one index, or of any)."""
    eds = data("editions", index_code) if index_code else data("editions")
    years = sorted({int(y) for y in eds.year}, reverse=True)
    current = int(_param("year", years[0]))
    chosen = st.sidebar.selectbox(t(lang, "Năm đánh giá", "Year assessed"), years,
                                  index=years.index(current) if current in years else 0, key=key)
    _remember("year", chosen)
    return int(chosen)


def missing(lang: str) -> str:
    return fmt.MISSING[lang]


PROVINCE_SETS = {"63": ("63 tỉnh (trước 01/07/2025)", "63 provinces (before 1 July 2025)"),
                 "34": ("34 tỉnh mới (từ 01/07/2025)", "34 new provinces (from 1 July 2025)")}


def province_set_picker(lang: str, key: str = "province_set") -> str:
    """'63' (pre-2025 provinces, what every edition so far ranks) or '34' (provinces formed on
    1 July 2025, shown through the history of the provinces each was formed from). In the URL (?set=34)."""
    current = str(_param("set", "63"))
    codes = list(PROVINCE_SETS)
    chosen = st.sidebar.radio(t(lang, "Danh sách tỉnh", "Province list"), codes,
                              index=codes.index(current) if current in codes else 0,
                              format_func=lambda c: t(lang, *PROVINCE_SETS[c]), key=key)
    _remember("set", chosen)
    return chosen


def province_2025_picker(lang: str, key: str = "province_2025") -> str:
    """One of the 34 provinces formed on 1 July 2025 (?province2025=75). Defaults to the successor
    of the remembered pre-2025 province, so switching lists keeps the user's place."""
    new = data("provinces_2025")
    codes = list(new.code_2025)
    prov = data("provinces").set_index("province_code")
    old = str(_param("province", DEFAULT_PROVINCE)).zfill(2)
    default = prov.code_2025.get(old, codes[0])
    current = str(_param("province2025", default)).zfill(2)
    labels = dict(zip(new.code_2025, new.name_2025))
    chosen = st.sidebar.selectbox(t(lang, "Tỉnh/thành phố mới", "New province"), codes,
                                  index=codes.index(current) if current in codes else 0,
                                  format_func=lambda c: labels.get(c, c), key=key)
    _remember("province2025", chosen)
    return chosen


def place_picker(lang: str) -> tuple[str, str | None, list[str]]:
    """Province set, then a province of it: (province_set, code_2025 or None, the pre-2025
    province codes whose figures to show: one, or those a new province was formed from)."""
    province_set = province_set_picker(lang)
    if province_set == "34":
        code_2025 = province_2025_picker(lang)
        provinces = data("provinces")
        return province_set, code_2025, list(provinces[provinces.code_2025 == code_2025].province_code)
    return province_set, None, [province_picker(lang)]


def indicator_picker(lang: str, index_code: str, year: int | None = None, key: str = "indicator",
                     levels: tuple[int, ...] = (0, 1), label_vi: str = "Chỉ số thành phần",
                     label_en: str = "Component") -> str:
    """Component of an index (TOTAL = the overall score), among those the catalog lists for the year
    (or any year). In the URL (?indicator=D2). Level 2 (sub-dimensions) only when asked for."""
    ind = data("indicators", index_code, year)
    ind = ind[ind.level.isin(levels)].drop_duplicates("indicator_code", keep="last")
    codes = list(ind.indicator_code)
    names = dict(zip(ind.indicator_code, ind.name_vi if lang == "vi" else ind.name_en))
    current = str(_param("indicator", "TOTAL"))
    chosen = st.sidebar.selectbox(t(lang, label_vi, label_en), codes,
                                  index=codes.index(current) if current in codes else 0,
                                  format_func=lambda c: f"{c} · {names.get(c, c)}" if c != "TOTAL" else names.get(c, c),
                                  key=key)
    _remember("indicator", chosen)
    return chosen


def url_param(name: str, default=None):
    """A page's own choice read from the URL (or remembered this session)."""
    return _param(name, default)


def remember(name: str, value) -> None:
    """Keep a page's own choice in the URL and the session, so a copied link opens the same view."""
    _remember(name, value)


def source_line(lang: str, index_code: str, year: int | None = None) -> str:
    """The chart footer: publisher and edition ("UNDP Việt Nam, CECODES, ..., PAPI 2022"). Each
    figure's own source is in the hover and the table; partial editions say their figures are
    gathered from public reports."""
    idx = data("indices").set_index("index_code").loc[index_code]
    who = idx.publisher_vi if lang == "vi" else idx.publisher_en
    text = f"{who}, {idx.short}{'' if year is None else f' {year}'}"
    ed = data("edition", index_code, int(year)) if year is not None else None
    if ed and ed["coverage"] == "partial":
        text += t(lang, " (số liệu từng tỉnh theo nguồn công khai, xem bảng)", " (each province's figure from public reports, see table)")
    return text


def is_true(value) -> bool:
    """A flag column (derived, disputed, boundary) that may be NA or a numpy bool."""
    return not fmt.is_missing(value) and bool(value)


def partial_edition_note(lang: str) -> str:
    return t(lang, "Kỳ công bố chưa đầy đủ: chỉ có số liệu một số tỉnh; thứ hạng là thứ hạng công bố.",
             "Partial edition: figures for only some provinces are public; ranks are the published ranks.")
