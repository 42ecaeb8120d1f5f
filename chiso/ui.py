"""Shared Streamlit furniture for the pages: cached data access (`cached`), the component picker
(`indicator_picker`) and a link's refused choice said (`say_link_refused`), source lines, tables
(`table`), whether the browser is a phone's (`on_phone`), and a run stopped or rerun once its
writes to the address are sent (`stop`, `rerun`; the address itself is `chiso.address`'s).

What every page shares (language, province, index, year, user) is the frame's: `chiso.frame`.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from chiso import address, db, fmt, i18n, scores
from chiso.i18n import _


# read once: the same code is drawn in every run
_BROWSER_CODE = {p.name: p.read_text(encoding="utf-8") for p in Path(__file__).with_name("browser").glob("*.js")}


def browser_scripts() -> None:
    """The app's own code in the browser, drawn by the frame in every run (st.html runs it once per
    page load): `browser/history.js` keeps one step of the browser's history per page visit, not two;
    on a phone, `browser/phone_sidebar.js` opens every page with the sidebar closed. The browser loads
    st.html's code after a tab's first run has written its address, so a tab opened on a link keeps
    that link as a step of its own (Back shows the same page once, then leaves the app)."""
    _draw_browser_code(["history.js"] + (["phone_sidebar.js"] if on_phone() else []), "browser_scripts")


def widget_words() -> None:
    """Streamlit's widgets as chiso's pages need them (a link's or a checkbox's label wraps; a title fits a
    narrow window).
    Streamlit writes some of its widgets' own words in English and offers no way to translate them:
    - the file uploader's "Upload" and "5MB per file • CSV, XLSX": the button says the run's word
      instead, and the size and types, which every upload label of chiso states in the user's
      language, are not repeated; nor is a chosen file's size ("10.5KB");
    - a list's "Select all", "Select 3 matches", "Add: Ban Dân tộc" (a unit typed that the list
      lacks) and "No results": each option says the run's words (the option to add a typed name does not
      repeat it: it is in the box beside the list)."""
    button = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'
    rules = [_say_instead(button, _("Upload")),
             '[data-testid="stFileUploaderDropzoneInstructions"] {display: none}',
             # a chosen file's size, "10.5KB", with a decimal point on a Vietnamese page: not shown
             '[data-testid="stFileChip"] [data-testid="stFileChipName"] + div {display: none}']
    for key, word in (("__select_all__", _("Select all")), ("__select_matches__", _("Select every match")),
                      ("__creatable__", _("Use the name you typed"))):
        rules.append(_say_instead(f'[role="option"][data-key="{key}"] [data-item-hl]', word))
    rules.append(_say_instead('[role="listbox"][data-empty="true"] [role="option"] span', _("No results")))
    # a link to another page keeps its label on one line: on a phone "Nhiệm vụ của D6_EDUCATION · Giáo
    # dục tiểu học công lập →" was cut at its card's edge. It wraps instead
    rules.append('[data-testid="stPageLink"] p {white-space: normal}')
    # so does a checkbox's label, cut with "…": on a phone "Include tasks linked more broadly (a parent compone…"
    rules.append('[data-testid="stCheckbox"] [data-testid="stMarkdownContainer"], '
                 '[data-testid="stCheckbox"] [data-testid="stMarkdownContainer"] p {white-space: normal}')
    # In a narrow window a chart's title ran past the right edge (plotly does not wrap a title): smaller
    # there, as the page's heading above it says the same. Not on a phone: its copy of the figure
    # wraps the title at a size a phone reads (chiso.phone). Downloads are drawn apart, at their own size.
    if not on_phone():
        rules.append('@media (max-width: 640px) {.js-plotly-plot .gtitle {font-size: 11px !important} '
                     '.js-plotly-plot .g-gtitle-subtitle, .js-plotly-plot .gtitle-subtitle {font-size: 10px !important}}')
    st.html(f'<style>{" ".join(rules)}</style>')


def _say_instead(selector: str, word: str) -> str:
    """CSS making the element `selector` show `word` (at Streamlit's 14 px widget size) instead of its text."""
    word = word.replace("\\", "").replace('"', "")
    return f'{selector} {{font-size: 0}} {selector}::after {{content: "{word}"; font-size: 0.875rem}}'


def close_streamlit_page_not_found() -> None:
    """`browser/close_page_not_found.js`: closes Streamlit's English "Page not found" dialog, for the
    run that says it in the user's language (chiso.frame: a fresh server's first visitor's dead link)."""
    _draw_browser_code(["close_page_not_found.js"], "browser_page_not_found")


def close_phone_menu() -> None:
    """`browser/close_phone_menu.js`, on a phone: closes the menu (the sidebar, drawn over the page)
    in the run that follows a sign-in in it (chiso.ui_auth); it stayed open over the page."""
    if on_phone():
        _draw_browser_code(["close_phone_menu.js"], "browser_close_phone_menu")


def _draw_browser_code(names: list[str], key: str) -> None:
    code = "".join(f"<script>{_BROWSER_CODE[name]}</script>" for name in names)
    # in a container of its own, hidden: an empty element still took a gap's height
    with st.container(key=key):
        st.html(f"<style>[data-testid='stLayoutWrapper']:has(> .st-key-{key}) {{display: none}}</style>" + code,
                unsafe_allow_javascript=True)


def rerun() -> None:
    """st.rerun(), once this run's writes to the address are sent: the next run starts from the
    address as st.rerun finds it, and a choice written after it would be read back as the old one."""
    address.end_of_run()
    st.rerun()


def stop() -> None:
    """st.stop(), once this run's writes to the address and its cookies are sent (nothing is sent
    after a stop)."""
    address.end_of_run()
    st.stop()


_FUNCTIONS: dict[str, object] = {}


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached(name: str, version: float, lang: str, args: tuple, kwargs: tuple):
    """Keyed by the function's name and the database file's version, so a rebuild clears it, and by
    the language, since a source reads in the reader's language (`scores._query`)."""
    return _FUNCTIONS[name](*args, **dict(kwargs))


def cached(fn, *args, **kwargs):
    """`fn(*args, **kwargs)` (a data-access function such as `scores.ranking`) through the page
    cache: `ui.cached(scores.ranking, "PAPI", 2022, "TOTAL")`."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _FUNCTIONS[name] = fn
    return _cached(name, db.db_version(), i18n.language(), args, tuple(sorted(kwargs.items())))


def indicator_picker(lang: str, index_code: str, year: int | None = None, key: str = "indicator",
                     levels: tuple[int, ...] = (0, 1)) -> str:
    """Component of an index (TOTAL = the overall score), among those the catalog lists for the year
    (or any year). In the URL (?indicator=D2). Level 2 (sub-dimensions) only when asked for."""
    ind = cached(scores.indicators, index_code, year)
    ind = ind[ind.level.isin(levels)].drop_duplicates("indicator_code", keep="last")
    codes = list(ind.indicator_code)
    names = dict(zip(ind.indicator_code, ind.name_vi if lang == "vi" else ind.name_en))
    current = str(address.url_param("indicator", "TOTAL"))
    asked = address.brought_by_link("indicator")
    chosen = typed_selectbox(st.sidebar, _("Component of the index"), codes,
                             index=codes.index(current) if current in codes else 0,
                             format_func=lambda c: f"{c} · {names.get(c, c)}" if c != "TOTAL" else names.get(c, c),
                             key=key, fallback=codes[0])
    address.remember("indicator", chosen)
    say_link_refused("indicator", _("component"), asked if asked is not None and asked not in codes else None,
                     index_code, names.get(chosen, chosen), still=chosen == codes[0])
    return chosen


def say_link_refused(name: str, what: str, refused: str | None, context, shown: str, still: bool) -> None:
    """A page's own choice a link asked for and the page cannot show (`refused`, else None), said as the
    frame says one of its choices, and kept through the page's reruns (a widget's, the cookie's) while
    the page, its `context` (the index a component belongs to) and `still` (the default shown instead
    is still shown) hold: a component or a peer was dropped in silence."""
    key, page = f"_link_refused_{name}", address.page_shown()
    if refused:
        st.session_state[key] = (page, context, refused)
    notice = st.session_state.get(key)
    if notice and notice[:2] == (page, context) and still:
        st.info(link_refused_text(what, notice[2], shown))
    else:
        st.session_state.pop(key, None)


def link_refused_text(what: str, asked: str, shown: str) -> str:
    """"Đường dẫn yêu cầu năm “abc”, không có ở đây; đang hiển thị 2024.": the frame's choices and a
    page's own say a link's value they cannot show in these words."""
    return _("The link asked for {what} “{value}”, which is not available here; showing {shown}.",
             what=what, value=asked[:40], shown=shown)


def typed_province(value, codes: list[str], new_list: bool = False) -> str | None:
    """The province of a list's option or of a name typed into the list and entered ("ha tinh": a
    list's own search does not fold diacritics), read as chiso.names reads names (`new_list`: the 34
    provinces from 1 July 2025); None, and a note to the user, when no province of `codes` has it."""
    from chiso.names import UnknownProvince, resolve_province, resolve_province_2025

    if value in codes:
        return value
    try:
        code = (resolve_province_2025 if new_list else resolve_province)(str(value))
    except UnknownProvince:
        code = None
    if code in codes:
        return code
    st.toast(_("No province is called “{name}”; the choice is unchanged.", name=str(value)[:40]))
    return None


def held_index(key: str, options: list, default: int | None = 0) -> int | None:
    """The position in `options` of the choice a keyed list holds, as its `index`: the browser draws a
    list it has not seen in the run it missed (as signing in reruns a page) from its `index`, and sent
    that back, the first option, on the next rerun (a link's Chỉ số PAPI became "Tất cả"). Given with
    the key's value, Streamlit keeps the value and logs a duplicate (off in .streamlit/config.toml)."""
    value = st.session_state.get(key)
    return options.index(value) if key in st.session_state and value in options else default


def typed_selectbox(where, label: str, options: list, *, key: str, format_func, fallback, **kwargs):
    """`where.selectbox` (st.sidebar, a column) that also takes typed text: Streamlit's own search does
    not fold diacritics ("kiem soat tham nhung" finds no "Kiểm soát tham nhũng"), so a text typed and
    entered is read folded (chiso.names.fold) against each option's label: the option whose label it
    is, else the one option whose label holds it. None or several leave the choice shown, with a note."""
    if key in st.session_state and st.session_state[key] not in options and options:
        # the options changed under a choice (a filter narrowed the tasks, another year's components): a list
        # that takes typed text would keep it as typed; the list's own start, as a list that takes none does
        index = kwargs.get("index", 0)
        st.session_state[key] = options[index] if index is not None else fallback
    kwargs["index"] = held_index(key, options, kwargs.get("index", 0))
    chosen = where.selectbox(label, options, key=key, format_func=format_func, placeholder=_("Type to search"),
                             accept_new_options=True, on_change=_typed_choice,
                             args=(key, options, format_func, fallback), **kwargs)
    st.session_state[f"_{key}_shown"] = chosen  # what the list showed when the text was typed: kept if it names none
    return chosen


def _typed_choice(key: str, options: list, label, fallback) -> None:
    from chiso.names import matching

    value = st.session_state.get(key)
    shown = st.session_state.get(f"_{key}_shown")
    if value in options:
        return
    if value is None or not str(value).strip():  # emptied: the choice shown stays
        st.session_state[key] = shown if shown in options else fallback
        return
    found = matching(str(value), options, label)
    if len(found) == 1:
        st.session_state[key] = found[0]
        return
    st.toast(_("“{text}” names no option of the list; the choice is unchanged.", text=str(value)[:40]) if not found
             else _("“{text}” is in {n} options; type more of the one you mean.", text=str(value)[:40], n=len(found)))
    st.session_state[key] = shown if shown in options else fallback


def province_multiselect(where, label: str, codes: list[str], *, key: str, names: dict, remembered: list[str],
                         **kwargs) -> list[str]:
    """`where.multiselect` of provinces that also takes typed names (`typed_provinces`), starting from
    `remembered` (the address, the choice kept): the chosen codes. The start is given only while the
    list has no state: once a typed name was read into the state, Streamlit logged a warning with a
    stack for a list given both, though the state wins either way."""
    chosen = where.multiselect(label, codes, default=None if key in st.session_state else remembered,
                               format_func=lambda c: names.get(c, str(c)), key=key,
                               placeholder=_("Choose provinces"), accept_new_options=True,
                               on_change=typed_provinces, args=(key, codes), **kwargs)
    return [c for c in chosen if c in codes]  # a typed name is read by the callback before this run


def typed_provinces(key: str, codes: list[str]) -> None:
    """`on_change` of a list of provinces that takes typed names: each becomes its province
    (`typed_province`); one no province has is dropped."""
    found = (typed_province(v, codes) for v in st.session_state.get(key) or [])
    st.session_state[key] = list(dict.fromkeys(c for c in found if c is not None))


def source_line(lang: str, index_code: str, year: int | None = None) -> str:
    """The chart footer: publisher and edition ("UNDP Việt Nam, CECODES, ..., PAPI 2022"). Each
    figure's own source is in the hover and the table; partial editions say their figures are
    gathered from public reports."""
    idx = cached(scores.indices).set_index("index_code").loc[index_code]
    who = idx.publisher_vi if lang == "vi" else idx.publisher_en
    text = f"{who}, {idx.short}{'' if year is None else f' {year}'}"
    ed = cached(scores.edition, index_code, int(year)) if year is not None else None
    if ed and ed["coverage"] == "partial":
        text += " " + _("(each province's figure from public reports, see table)")
    return text


def is_true(value) -> bool:
    """A flag column (derived, disputed, boundary) that may be NA or a numpy bool."""
    return not fmt.is_missing(value) and bool(value)


def partial_edition_note(lang: str) -> str:
    return _("Partial edition: figures for only some provinces are public; ranks are the published ranks.")


def missing(lang: str | None = None) -> str:
    """How a gap reads: "chưa có số liệu"."""
    return fmt.MISSING[lang or i18n.language()]


def on_phone() -> bool:
    """Whether the browser says it is a phone: "Mobi" in its User-Agent, as MDN advises (phones'
    browsers write "Mobile"; tablets', wide enough for the page's layout, do not)."""
    try:
        return "Mobi" in (st.context.headers.get("User-Agent") or "")
    except Exception:  # no browser (a script, AppTest): laid out as for a page's width
        return False


def table(data, *, phone_first: list[str] = (), phone_label: str | None = None, phone_config: dict | None = None,
          **kwargs) -> None:
    """A page's table (`st.dataframe`, no index). On a phone a wide table scrolls sideways and shows
    two or three columns, so there:
    - `phone_label`, the column that names each row (a component), is pinned at the left and
      narrowed to PHONE_LABEL_WIDTH px, so the figures beside it are in view (a long name ends in
      "…"; touching the cell shows it whole);
    - `phone_first` names the columns a reader looks for first (a task's status and deadline, a
      province's score), put next; the rest follow in their order;
    - `phone_config` adds column settings (a narrower text column)."""
    if on_phone():
        columns = list(getattr(data, "data", data).columns)  # a Styler's frame is its .data
        first = [c for c in [phone_label, *phone_first] if c in columns]
        if first:
            kwargs["column_order"] = first + [c for c in columns if c not in first]
        config = dict(phone_config or {})
        if phone_label in columns:
            config[phone_label] = st.column_config.TextColumn(width=PHONE_LABEL_WIDTH, pinned=True)
        if config:
            kwargs["column_config"] = {**(kwargs.get("column_config") or {}), **config}
    st.dataframe(data, hide_index=True, **kwargs)


PHONE_LABEL_WIDTH = 150  # of a 412 px phone's ~380 px table: two figures beside a name


def page_link(page: str, label: str, *, box=None, said_without: bool = True, **options) -> None:
    """A link to another page of the app (`page`: its file, from chiso.navigation). A page run alone,
    outside the multipage app (under test), has no page to link to: the label is said as a caption
    (`said_without`) or left out."""
    box = box or st
    try:
        box.page_link(page, label=label, **options)
    except Exception:  # noqa: BLE001 - Streamlit's refusal of a page it has not been given
        if said_without:
            box.caption(label)
