"""The app frame: what every page shares, decided once per run before the page draws anything.

`app.py` calls `run_app()`: page config, the database freshness check (keeping the last good
database when a bundled file is bad), the language, the navigation, the choices the page's
`chiso.navigation` entry asks for (province list 63/34, province, index, year: `chiso.choices`, which
says how each follows the user; the signed-in user), then the page itself inside one error handler. A
page asks for all of it with one call:

    from chiso import frame
    ctx = frame.context()      # ctx.lang, ctx.province, ctx.parts, ctx.index_code, ctx.year, ctx.user ...
"""
from __future__ import annotations

import contextvars
import inspect
import logging
import secrets
import threading
from dataclasses import dataclass, field

import streamlit as st
from streamlit.commands import navigation as st_navigation
from streamlit.runtime.pages_manager import PagesManager  # its legacy pages/ mode: no public flag

from chiso import address, choices, navigation, paths, scores, ui, ui_auth, ui_cookies
from chiso.auth import User
from chiso.choices import name_2025, names_2025  # noqa: F401 (pages ask the frame: frame.name_2025)
from chiso.errors import ChisoError
from chiso.i18n import _

log = logging.getLogger("chiso.frame")


@dataclass(frozen=True)
class Context:
    """What the user chose, for the page being drawn."""
    lang: str
    page: navigation.PageEntry
    province_set: str = "63"
    province: str | None = None          # the pre-2025 province whose figures a one-province page shows
    parts: tuple[str, ...] = ()          # the pre-2025 provinces shown: (province,), or a new province's constituents
    province_2025: str | None = None     # the new province chosen in the 34 list (None in the 63 list)
    as_new: bool = False                 # the year's editions rank the 34: province and parts are province_2025
    index_code: str | None = None
    year: int | None = None
    user: User | None = None
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def name_col(self) -> str:
        """The province/component name column of the user's language."""
        return "name_vi" if self.lang == "vi" else "name_en"

    def province_name(self, code: str | None = None) -> str:
        code = code or self.province
        if self.as_new and code == self.province_2025:  # "Thành phố Huế", not the 63's "Thừa Thiên Huế"
            return self.province_2025_name
        return str(ui.cached(scores.provinces).set_index("province_code").loc[code, self.name_col])

    @property
    def index(self):
        """The chosen index's catalog row as the database has it (short name, publisher, unit, ...)."""
        return ui.cached(scores.indices).set_index("index_code").loc[self.index_code]

    @property
    def province_2025_name(self) -> str | None:
        if self.province_2025 is None:
            return None
        return name_2025(self.province_2025)


_current: contextvars.ContextVar[Context | None] = contextvars.ContextVar("chiso_frame", default=None)


# ---------------------------------------------------------------------------------------- entry points

def run_app() -> None:
    """app.py: the frame, the navigation, then the chosen page; what they write into the address
    reaches the browser once, as one step of its history (Back undoes one step)."""
    with address.one_address_per_run():
        _frame_and_page()


def _frame_and_page() -> None:
    st.set_page_config(page_title="chiso", page_icon="📊", layout="wide")
    ui.browser_scripts()
    lang = choices.choose_language()
    legacy_run = PagesManager.uses_pages_directory  # a fresh server's first run: that mode looked the link up
    missing = _missing_page.set([])
    try:
        nav = st.navigation({section: [st.Page(p.file, title=navigation.title(p), icon=p.icon,
                                               url_path=p.url_path or None, default=not p.url_path)
                                       for p in entries]
                             for section, entries in navigation.sections().items()},
                            # every page listed: Streamlit otherwise folds those after the tenth under
                            # "View 3 more", in English (the exports and the accounts among them)
                            expanded=True)
    finally:
        asked = _missing_page.get()
        _missing_page.reset(missing)
    if asked:
        choices.state().setdefault("language_notices", []).append(
            choices.link_notice("page", asked[0], navigation.title(navigation.by_url(nav.url_path))))
        if legacy_run:  # and said it in its own English dialog, before this frame could take its word
            ui.close_streamlit_page_not_found()
    # after the language and the navigation: a build's spinner or failure is said in the user's
    # language, under the app's own page list (not Streamlit's list of the pages/ files)
    build_error = _ensure_database()
    ctx = _build(navigation.by_url(nav.url_path), lang, build_error)
    token = _current.set(ctx)
    try:
        _run_guarded(nav.run)
    finally:
        _current.reset(token)


# A link to a page the app does not have (an old bookmark, a typo): Streamlit runs the main page and
# says so in its own dialog, in English whatever the user reads. Asked while this run's st.navigation
# resolves the page, Streamlit's message is replaced by a notice with the page's other link notices
# (a fresh server's legacy pages/ mode sends it before this module is read: that run closes the dialog).
# Streamlit's one function for it, in an internal module: pinned by requirements.txt, checked by
# tests/test_browser_frame.py.
_missing_page: contextvars.ContextVar[list | None] = contextvars.ContextVar("chiso_missing_page", default=None)


def _page_not_found(run_context) -> None:
    asked = _missing_page.get()
    if asked is None:
        return _streamlit_page_not_found(run_context)
    asked.append(run_context.pages_manager.intended_page_name or "")


# Streamlit's own function kept on its module: a reloaded frame wraps it, not the previous frame's
_streamlit_page_not_found = getattr(st_navigation, "chiso_streamlit_send_page_not_found",
                                    st_navigation.send_page_not_found)
st_navigation.chiso_streamlit_send_page_not_found = _streamlit_page_not_found
st_navigation.send_page_not_found = _page_not_found


def context() -> Context:
    """The page's one call: everything the user chose. A page run on its own (Streamlit's AppTest,
    or a first visitor's link on a fresh server) gets the same frame built here."""
    ctx = _current.get()
    if ctx is not None:
        return ctx
    _leave_legacy_page_mode()
    caller = inspect.stack()[1].filename
    entry = navigation.by_file(caller) or navigation.PAGES[0]
    st.set_page_config(page_title=f"chiso · {navigation.title(entry)}", page_icon=entry.icon, layout="wide")
    build_error = _ensure_database()
    ctx = _build(entry, choices.choose_language(), build_error)
    ui_cookies.flush()  # the address is written as it goes here (no run_app around the page)
    _current.set(ctx)  # this run only: Streamlit runs each script run in a fresh context
    return ctx


def _leave_legacy_page_mode() -> None:
    """A fresh server whose first visitor follows a shared link (`/So_sanh`) runs that page in
    Streamlit's legacy `pages/` mode, skipping app.py's navigation (sidebar without diacritics).
    Streamlit leaves that mode once st.navigation runs; run again through app.py so it does."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        ui.rerun()


def _run_guarded(run_page) -> None:
    """No traceback or server path ever reaches a user: an error they can act on is shown in their
    language; anything else is logged with a reference the administrator finds in the log."""
    try:
        run_page()
    except ChisoError as exc:
        st.error(str(exc))
    except Exception:  # noqa: BLE001 - the last line of defence; st.stop/st.rerun are BaseExceptions
        ref = secrets.token_hex(4)
        log.exception("page error, reference %s", ref)
        st.error(_("Something went wrong on this page. Reference {ref}: the administrator finds the "
                   "details in the server log under this reference.", ref=ref))


# ---------------------------------------------------------------------------------------- database

@st.cache_resource(show_spinner=False)
def _build_guard() -> dict:
    """One per server: builds one at a time, and remembers a failed build for the inputs it read."""
    return {"lock": threading.Lock(), "failed": None}


def _ensure_database() -> ChisoError | None:
    """Rebuild when a bundled file is newer than the database. A bad bundled file does not take the
    app down: the previous database keeps serving and the failure is kept (not retried on every
    load) until a bundled file changes again. Returns the failure, for the admins' banner."""
    from etl import freshness

    path = paths.default_db_path()
    if not freshness.needs_build(path):
        return None
    guard = _build_guard()
    stamp = freshness.inputs_stamp()
    with guard["lock"]:
        failed = guard["failed"]
        if failed is not None and failed[0] == stamp:
            error = failed[1]
        elif freshness.needs_build(path):
            try:
                with st.spinner(_("Building the database from the published figures (first start, or new "
                                  "figures arrived) ...")):
                    freshness.ensure_built(path, progress=lambda *_: None)
                error = None
            except ChisoError as exc:
                log.error("build failed, serving the previous database: %s", exc)
                guard["failed"] = (stamp, exc)
                error = exc
        else:
            error = None
    if error is not None and not path.exists():
        st.error(_("The database cannot be built from the bundled files: {error}", error=str(error)))
        ui.stop()
    return error


def _build(entry: navigation.PageEntry, lang: str, build_error: ChisoError | None) -> Context:
    notices: list[str] = choices.state().pop("language_notices", [])
    ui.widget_words()
    user = ui_auth.current_user()
    if ui_auth.consume_sign_in_event():       # just signed in: the account's province becomes the choice
        choices.choose_account_province(user)
    # The session's cookie goes out before the page says "Đã đăng nhập": a reload the moment it shows
    # (the page's messages reach the browser one by one, and a loaded one paints in between) kept nothing.
    ui_cookies.send_now()
    values: dict = {"lang": lang, "page": entry, "user": user}
    wants = set(entry.choices)
    choices.keep_link_choices_not_drawn(wants)
    if wants & {navigation.PLACE, navigation.PROVINCE}:
        values.update(choices.choose_place(navigation.PROVINCE in wants, user, notices))
    if navigation.INDEX in wants:
        values["index_code"] = choices.choose_index(notices)
    if navigation.YEAR in wants:
        values["year"] = choices.choose_year(values.get("index_code"), notices)
    draw_part = values.pop("draw_part", None)
    # an edition of the 34 (PAR INDEX 2025) ranks Đồng Nai itself: "Bình Phước: no data" beside it was nonsense,
    # in either list (the 63 list opens on the latest year)
    if values.get("province") and values.get("year") and ui.cached(
            scores.ranks_the_new_provinces, values.get("index_code"), values["year"]):
        new = values.get("province_2025") or ui.cached(scores.shown_province, values["province"],
                                                       values.get("index_code"), values["year"])
        values.update(province=new, parts=(new,), province_2025=new, as_new=True)
    elif draw_part is not None:
        draw_part()
    if navigation.USER in wants:
        values["user"] = ui_auth.sign_in_sidebar()
    elif user is not None:
        st.sidebar.caption(_("Signed in: {name}", name=user.label))
    choices.remember_in_browser()
    if build_error is not None and values["user"] is not None and values["user"].is_admin:
        st.warning(_("The bundled data could not be rebuilt, so the app keeps serving the previous database. "
                     "Fix the file and the app rebuilds on the next page load: {error}", error=str(build_error)))
    # A notice about the link stays on this page across its reruns (the cookie component's, a widget's):
    # the address is rewritten with the defaults at once, so the next run cannot see the bad value again.
    state = choices.state()
    if notices:
        state["notices"] = (entry.url_path, list(notices))
    elif state.get("notices") and state["notices"][0] == entry.url_path:
        notices = state["notices"][1]
    else:
        state.pop("notices", None)
    for notice in notices:
        st.info(notice)
    ui_cookies.send_now()  # a sign-in's cookie before the page's own work, not after it
    ctx = Context(notices=tuple(notices), **values)
    _say_edition_is_for_63(ctx)
    return ctx


def _say_edition_is_for_63(ctx: Context) -> None:
    """In the 34 list, say once (here, not on each page) that the figures shown are those of an
    edition ranking the 63 provinces, and which of them the new province was formed from; in the 63
    list, that an edition ranking the 34 shows the province the chosen one is part of."""
    said = scores.formed_from_notice(ctx.province, ctx.year) if ctx.as_new and ctx.province_set == "63" else None
    if said:
        st.info(said)
    if ctx.province_set != "34" or ctx.year is None:
        return
    editions = ui.cached(scores.editions, ctx.index_code) if ctx.index_code else ui.cached(scores.editions)
    editions = editions[editions.year == ctx.year]
    if not (editions.province_set.astype(str) == "63").any():
        return
    parts = ", ".join(ctx.province_name(c) for c in ctx.parts)
    if len(ctx.parts) == 1:  # "shown through the provinces it was formed from: Hà Tĩnh" read as a merger
        st.info(_("The {year} figures rank the 63 provinces as they were before 1 July 2025. {new} (from 1 July "
                  "2025) was not merged with another province: its figures are those of {parts}.", year=ctx.year,
                  new=ctx.province_2025_name, parts=parts))
        return
    st.info(_("The {year} figures rank the 63 provinces as they were before 1 July 2025. {new} (from 1 July 2025) "
              "is shown through the provinces it was formed from: {parts}.", year=ctx.year,
              new=ctx.province_2025_name, parts=parts))
