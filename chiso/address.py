"""The browser's address: a page's own choices kept in it (`url_param`, `remember`, `forget`), what a
link or Back brings (`brought_by_link`), and every write to it (`write_url`), sent once as a run ends
(`one_address_per_run`, the frame's; `end_of_run` before a page stops or reruns, `ui.stop`, `ui.rerun`).
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager

import streamlit as st

from chiso import ui_cookies


# This run's writes to the address, sent once as the run ends (`one_address_per_run`, the frame's):
# each write of st.query_params is a message, and the browser keeps each as a step of its history.
# A page visit wrote seven, one per choice, and Back had to be pressed seven times to leave a page.
_url_writes: contextvars.ContextVar[dict | None] = contextvars.ContextVar("chiso_url_writes", default=None)
_URL_HOLDS = "_url_holds"  # session: what the browser's address holds, as far as this session knows
_LAST_PAGE = "_url_last_page"  # session: the page its last run showed (Streamlit's page script hash)
# this run: whether it came by navigation (`_came_by_navigation`); None outside one_address_per_run
_navigated: contextvars.ContextVar[bool | None] = contextvars.ContextVar("chiso_navigated", default=None)


def _url_holds() -> dict[str, str]:
    return st.session_state.setdefault(_URL_HOLDS, {})


def brought_by_link(name: str, *, peek: bool = False) -> str | None:
    """The address's value of `name` if a link or the Back button brought it: one that differs from
    what this session sent or read there before, in the first run to read it, a run of another page
    (a link, the sidebar) or a step through the browser's history. Any other rerun is a widget's,
    and its request may have left the browser before the address took this session's last write: a
    click on "34 tỉnh mới" just after the page came up read the old set=63 back as a link and was
    lost. From then on it is known as what the address holds (`peek`: not yet, a later read decides)."""
    value = st.query_params.get(name)
    held = _url_holds()
    if value is None or value == held.get(name):
        return None
    if name in held and _navigated.get() is False:
        return None
    if not peek:
        held[name] = value
    return value


def _came_by_navigation() -> bool:
    """Whether this run opens another page than the session's last run did, or steps through the
    browser's history (Back/Forward: Streamlit marks the run)."""
    ctx = _run_context()
    if ctx is None:
        return True
    page = ctx.page_script_hash
    return bool(getattr(ctx, "is_history_navigation", False)) or not page or page != st.session_state.get(_LAST_PAGE)


def _run_context():
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    return get_script_run_ctx()


def page_shown() -> str:
    """The page this run shows (Streamlit's page script hash); "" outside a run."""
    return getattr(_run_context(), "page_script_hash", "")


def write_url(name: str, value: str | None) -> None:
    """Set (None: remove) one parameter of the address. Outside `one_address_per_run` (a page run on
    its own, as in AppTest) at once."""
    writes = _url_writes.get()
    if writes is not None:
        writes[name] = value
        return
    if value is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value
    _held(name, value)


def _held(name: str, value: str | None) -> None:
    if value is None:
        _url_holds().pop(name, None)
    else:
        _url_holds()[name] = value


@contextmanager
def one_address_per_run():
    """The run's writes to the address, sent to the browser in one message as it ends (the browser
    adds no step when the address is already what they write), then the cookies it wrote: the
    cookie component's answer reruns the page, and that run must find the address this one wrote
    (else a language just chosen is read back as the old one). A page that stops or reruns sends them
    first (`stop`, `rerun`): nothing reaches the browser after st.stop()."""
    token, navigated = _url_writes.set({}), _navigated.set(_came_by_navigation())
    try:
        yield
        end_of_run()
    finally:
        ctx = _run_context()
        if ctx is not None:  # the page it showed, once the navigation has chosen it
            st.session_state[_LAST_PAGE] = ctx.page_script_hash
        _url_writes.reset(token)
        _navigated.reset(navigated)


def end_of_run() -> None:
    if _url_writes.get() is None:  # a page run on its own: written as it went, cookies by the frame
        return
    _send_url_writes()
    ui_cookies.flush()


def _send_url_writes() -> None:
    """Sent, and only then known as what the address holds: a run stopped before it (the user
    clicked on) leaves the address as it was, and the next run must not read it as a link."""
    writes = _url_writes.get()
    if not writes:
        return
    wanted = {k: v for k, v in {**st.query_params.to_dict(), **writes}.items() if v is not None}
    st.query_params.from_dict(wanted)
    for name, value in writes.items():
        _held(name, value)
    writes.clear()


def url_param(name: str, default=None):
    """A page's own choice read from the URL (or remembered this session)."""
    value = st.query_params.get(name)
    if value is None:
        value = st.session_state.get(f"_remember_{name}", default)
    return value


def remember(name: str, value) -> None:
    """Keep a page's own choice in the URL and the session, so a copied link opens the same view."""
    st.session_state[f"_remember_{name}"] = value
    write_url(name, str(value))


def forget(name: str) -> None:
    """A page's choice cleared: no longer in the URL."""
    write_url(name, None)
