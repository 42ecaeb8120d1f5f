"""What the user chose, and how each choice follows them: the sidebar's language, province list (63/34),
province, index and year, drawn and resolved for `chiso.frame` before the page runs.

Each choice is resolved, in order, from: a link that brings a new value (`?province=42`, checked: an
unknown value gives a notice and the default), the choice made earlier in this browser session (sidebar
links drop the address's parameters, the session keeps them), the browser's remembered choices (a cookie,
for a new tab or after F5 with a bare address), the signed-in account's province, then Hà Tĩnh. The result
is written back to the address on every run, so a copied link opens the same view. A link's choice the
page draws no picker for (Nhiệm vụ has no province list) becomes the session's, for the next page that
draws one.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import streamlit as st

from chiso import address, auth, catalog, i18n, navigation, scores, ui, ui_cookies
from chiso.auth import User
from chiso.i18n import N_, _

LANGS = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_PROVINCE = "42"  # Hà Tĩnh: the province whose published figures are the project's anchor checks
PROVINCE_SETS = {"63": N_("63 provinces (before 1 July 2025)"), "34": N_("34 new provinces (from 1 July 2025)")}
PREFS_COOKIE = "chiso_prefs"
REMEMBERED = ("lang", "set", "province", "province2025", "index", "year")
# Widget keys: a widget drawn by app.py keeps its state across pages (Streamlit's entry-point rule).
KEYS = {"lang": "frame_lang", "set": "frame_set", "province": "frame_province", "province2025": "frame_province_2025",
        "part": "frame_part", "index": "frame_index", "year": "frame_year"}
# Parameter names as the notice names them.
PARAM_LABELS = {"lang": N_("language"), "set": N_("province list"), "province": N_("province"),
                "province2025": N_("new province"), "index": N_("index"), "year": N_("year"), "page": N_("page")}


def name_2025(code_2025: str) -> str:
    """A province formed on 1 July 2025, named in the run's language as the 63 are (English: "Ha Tinh",
    beside the 63-province "Ha Tinh", never "Hà Tĩnh" in the same sentence)."""
    return str(names_2025()[code_2025])


def names_2025() -> dict[str, str]:
    new = ui.cached(scores.provinces_2025)
    if i18n.language() == "vi":
        return dict(zip(new.code_2025, new.name_2025))
    return dict(sorted(zip(new.code_2025, new.name_2025_en), key=lambda pair: pair[1]))  # the list as read


def state() -> dict:
    """This session's choices (`chosen`, kept for pages that draw no picker for them) and the browser's
    remembered ones (`cookie`, read once per session)."""
    return st.session_state.setdefault("_frame", {"chosen": {}, "cookie": None})


def cookie_prefs() -> dict:
    kept = state()
    if kept["cookie"] is None:
        kept["cookie"] = dict(parse_qsl(ui_cookies.read(PREFS_COOKIE) or ""))
    return kept["cookie"]


def _resolve(name: str, key: str, options: list[str], fallback: str, notices: list[str],
             label=None) -> str:
    """The value of one choice (see the module's docstring for the order), set as its widget's
    state before the widget is drawn."""
    kept, ss = state(), st.session_state
    value = None
    url = address.brought_by_link(name)
    if url is not None:
        if url in options:
            value = url
            ss.pop(key, None)
        else:
            notices.append(link_notice(name, url, label(fallback) if label else fallback))
    if value is None and ss.get(key) in options:
        value = ss[key]
    for source in (kept["chosen"], cookie_prefs()):
        if value is None and source.get(name) in options:
            value = source[name]
    if value is None:
        value = fallback if fallback in options else options[0]
    ss[key] = value
    return value


def link_notice(name: str, asked: str, shown: str) -> str:
    return ui.link_refused_text(_(PARAM_LABELS.get(name, name)), asked, shown)


def _keep(name: str, value: str) -> None:
    state()["chosen"][name] = value
    address.write_url(name, value)


def choose_language() -> str:
    """The language switch, drawn first: the navigation's titles are in its language."""
    refused: list[str] = []
    lang = _resolve("lang", KEYS["lang"], list(LANGS), i18n.DEFAULT_LANG, refused)
    i18n.set_language(lang)
    if refused:  # said with the page's other notices, in the language now shown
        state()["language_notices"] = [link_notice("lang", st.query_params.get("lang", ""), LANGS[lang])]
    # Both words, whatever the language: someone who does not read this one still finds the switch.
    lang = st.sidebar.radio("Ngôn ngữ / Language", list(LANGS), format_func=LANGS.get, horizontal=True,
                            key=KEYS["lang"])
    _keep("lang", lang)
    return i18n.set_language(lang)


def keep_link_choices_not_drawn(wants: set[str]) -> None:
    """A link's choices this page draws no picker for become the session's, for the pages that do: a
    shared link to Nhiệm vụ (no province list, index or year) with `set=34&index=PCI` opened the next
    page on the 63 list and PAPI. Checked there, as any remembered choice is (`_resolve`)."""
    drawn = {"lang"} | ({"set", "province", "province2025"} if wants & {navigation.PLACE, navigation.PROVINCE}
                        else set()) | ({navigation.INDEX, navigation.YEAR} & wants)
    for name in (n for n in REMEMBERED if n not in drawn):
        value = address.brought_by_link(name)
        if value:
            state()["chosen"][name] = value


def choose_account_province(user: User | None) -> None:
    chosen = state()["chosen"]
    # a province of the account's own department stays chosen: Đồng Nai's Sở Nội vụ, reading Bình
    # Phước's weak components (one province with Đồng Nai since 1 July 2025), signed in to see their
    # tasks and was moved to Đồng Nai's
    if user is None or auth.same_province(chosen.get("province"), user.province_code):
        return
    provinces = ui.cached(scores.provinces).set_index("province_code")
    chosen["province"] = user.province_code
    if user.province_code in provinces.index:
        chosen["province2025"] = str(provinces.code_2025[user.province_code])
    for key in ("province", "province2025", "part"):
        st.session_state.pop(KEYS[key], None)


def choose_place(one_province: bool, user: User | None, notices: list[str]) -> dict:
    provinces = ui.cached(scores.provinces)
    names = dict(zip(provinces.province_code, provinces["name_vi" if i18n.language() == "vi" else "name_en"]))
    successor = dict(zip(provinces.province_code, provinces.code_2025))
    home = user.province_code if user is not None and user.province_code in names else DEFAULT_PROVINCE
    sets = list(PROVINCE_SETS)
    province_set = _resolve("set", KEYS["set"], sets, "63", notices, label=lambda c: _(PROVINCE_SETS[c]))
    st.sidebar.radio(_("Province list"), sets, format_func=lambda c: _(PROVINCE_SETS[c]), key=KEYS["set"])
    _keep("set", province_set)
    remembered = state()["chosen"].get("province") or cookie_prefs().get("province") or home
    if province_set == "63":
        codes = list(provinces.province_code)
        province = _resolve("province", KEYS["province"], codes, home, notices, label=names.get)
        st.sidebar.selectbox(_("Province"), codes, format_func=lambda c: names.get(c, str(c)), key=KEYS["province"],
                             index=ui.held_index(KEYS["province"], codes),
                             placeholder=_("Type to search"), accept_new_options=True,
                             on_change=_typed_province, args=(KEYS["province"], "province", codes, False))
        _keep("province", province)
        return {"province_set": "63", "province": province, "parts": (province,), "province_2025": None}
    new_names = names_2025()
    new_codes = list(new_names)
    # a link's province of the 63 counts in the 34 list too: "?set=34&province=70" is Bình Phước's new
    # province, Đồng Nai, with Bình Phước's figures chosen (it opened on the default, Hà Tĩnh)
    linked = address.brought_by_link("province", peek=True)  # read again, and kept, as the part's choice below
    remembered = linked if linked in names else remembered
    code_2025 = _resolve("province2025", KEYS["province2025"], new_codes,
                         successor.get(remembered, successor[DEFAULT_PROVINCE]), notices, label=new_names.get)
    st.sidebar.selectbox(_("New province"), new_codes, format_func=lambda c: new_names.get(c, str(c)),
                         key=KEYS["province2025"], index=ui.held_index(KEYS["province2025"], new_codes),
                         placeholder=_("Type to search"), accept_new_options=True,
                         on_change=_typed_province, args=(KEYS["province2025"], "province2025", new_codes, True))
    _keep("province2025", code_2025)
    parts = sorted((c for c in names if successor[c] == code_2025), key=names.get)
    province = remembered if remembered in parts else parts[0]
    later = {}
    if one_province and len(parts) > 1:
        province = _resolve("province", KEYS["part"], parts, province, notices, label=names.get)
        box = st.sidebar.container()  # filled once the year is known: an edition of the 34 has no parts
        later["draw_part"] = lambda: box.selectbox(_("Figures of (province before 1 July 2025)"), parts,
                                                   format_func=names.get, key=KEYS["part"],
                                                   placeholder=_("Type to search"))
    _keep("province", province)
    return {"province_set": "34", "province": province, "parts": tuple(parts), "province_2025": code_2025, **later}


def _typed_province(key: str, name: str, codes: list[str], new_list: bool) -> None:
    """`on_change` of a sidebar list of provinces: a name typed and entered ("ha tinh", "dong nai")
    becomes its province (`ui.typed_province`); one it does not know leaves the choice as it was."""
    code = ui.typed_province(st.session_state.get(key), codes, new_list)
    st.session_state[key] = code if code is not None else state()["chosen"].get(name, codes[0])


def choose_index(notices: list[str]) -> str:
    indices = ui.cached(scores.indices)
    order = catalog.index_order()
    codes = sorted(indices.index_code, key=lambda c: order.get(c, len(order)))  # the catalog's order: PAPI first
    short = dict(zip(indices.index_code, indices.short))
    code = _resolve("index", KEYS["index"], codes, codes[0], notices, label=short.get)
    st.sidebar.selectbox(_("Index"), codes, format_func=short.get, key=KEYS["index"], placeholder=_("Type to search"),
                         index=ui.held_index(KEYS["index"], codes))
    _keep("index", code)
    return code


def choose_year(index_code: str | None, notices: list[str]) -> int:
    editions = ui.cached(scores.editions, index_code) if index_code else ui.cached(scores.editions)
    years = [str(y) for y in sorted({int(y) for y in editions.year}, reverse=True)]
    year = _resolve("year", KEYS["year"], years, years[0], notices)
    st.sidebar.selectbox(_("Year assessed"), years, key=KEYS["year"], placeholder=_("Type to search"),
                         index=ui.held_index(KEYS["year"], years))
    _keep("year", year)
    return int(year)


def remember_in_browser() -> None:
    """What the browser remembered, updated by this session's choices: a page that asks for no year (Xu hướng)
    keeps the remembered year, and an unchanged cookie is not written again (each write is a script drawn in the
    page)."""
    remembered = {**cookie_prefs(), **state()["chosen"]}
    # by the page's script alone: the component's acknowledgement reran the page after every choice
    # (`chiso.ui_cookies`), and a download clicked in that moment was lost
    ui_cookies.write(PREFS_COOKIE, urlencode({k: remembered[k] for k in REMEMBERED if k in remembered}), days=365,
                     acknowledged=False)
