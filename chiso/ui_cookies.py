"""Browser cookies for the frame: the remembered choices and the signed sign-in session.

Read from the request that opened the session (`st.context.cookies`); written, only when a value
changes, by a script in the page (`send_now`) and, for a write that must not be lost (the sign-in),
also through extra-streamlit-components' CookieManager (a maintained component that sets
`document.cookie` from the page's origin): such a write stays pending, and its component drawn,
until the browser acknowledges it, so a rerun in between cannot lose it. The acknowledgement reruns
the page, and a download clicked on the page before that rerun reached the browser was lost in
silence (Streamlit drops the previous run's deferred downloads: "Deferred file … not found"), so the
remembered choices, written at every change of a choice, are written by the script alone
(`acknowledged=False`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from urllib.parse import unquote

import streamlit as st

_PENDING = "_cookies_pending"   # name -> (value or None to delete, days, acknowledged)
_KNOWN = "_cookies_known"       # name -> what the browser holds, as far as this session knows
_SCRIPTED = "_cookies_scripted"  # name -> the value a script in the page last set (`send_now`)


def read(name: str) -> str | None:
    known = st.session_state.get(_KNOWN, {})
    if name in known:
        return known[name]
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no request behind this run (AppTest, bare mode)
        value = None
    return unquote(value) if value else None


def write(name: str, value: str | None, days: float = 1, *, acknowledged: bool = True) -> None:
    """Set (or with None, delete) a cookie in the browser, if it differs from what it holds;
    `acknowledged`: until the browser says it has (the component, and a rerun), else by the page's
    script alone."""
    if read(name) == value:
        return
    st.session_state.setdefault(_KNOWN, {})[name] = value
    st.session_state.setdefault(_PENDING, {})[name] = (value, days, acknowledged)


def flush() -> None:
    """Send the pending writes by script (`send_now`), then draw the component for those that wait for the
    browser's acknowledgement (call once per run, after the writes)."""
    send_now()
    pending = st.session_state.get(_PENDING)
    if not pending:
        return
    import extra_streamlit_components as stx

    with st.sidebar:
        manager = stx.CookieManager(key="chiso_cookies")
        for name, (value, days, _acknowledged) in list(pending.items()):
            key = _ack_key(name, value)
            if st.session_state.get(key) is True:   # the browser set it
                pending.pop(name)
                continue
            if value is None:  # deleting = setting it already expired (the component's delete needs a prior read)
                manager.set(name, "", key=key, expires_at=dt.datetime(1970, 1, 2), same_site="lax")
            else:
                # the component hands the browser an ISO date, which it reads in its own time zone: a
                # zone-less server time made an 8-hour sign-in last 1 hour in a browser set to UTC+7.
                # With the zone stated, and Max-Age (relative, preferred by browsers), no clock disagrees.
                manager.set(name, value, key=key, same_site="lax", max_age=days * 86400,
                            expires_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days))


def _ack_key(name: str, value: str | None) -> str:
    return f"chiso_cookie_{name}_{hashlib.sha1(str(value).encode()).hexdigest()[:10]}"


def send_now() -> None:
    """The pending writes, set at once by a script in the page itself. The component (`flush`) sets a
    cookie only when the run ends and its frame has loaded: a sign-in was shown 0,3 to 1,8 s before its
    cookie was set, and a reload or a new tab in between was signed out. The frame calls this once its
    sidebar is drawn, before the page's own work; `flush` again for writes made later. The component
    still writes them all, and says when it has (a script cut off by a rerun is not lost)."""
    pending = st.session_state.get(_PENDING) or {}
    scripted = st.session_state.setdefault(_SCRIPTED, {})
    todo = {name: change for name, change in pending.items()
            if name not in scripted or scripted[name] != change[0]}
    for name, (_value, _days, acknowledged) in list(pending.items()):
        if not acknowledged:  # the script below is its only write
            pending.pop(name)
    if not todo:
        return
    scripted.update({name: value for name, (value, _days, _acknowledged) in todo.items()})
    lines = []
    for name, (value, days, _acknowledged) in todo.items():
        age = 0 if value is None else int(days * 86400)
        lines.append(f"document.cookie = {json.dumps(name)} + '=' + encodeURIComponent({json.dumps(value or '')})"
                     f" + '; Path=/; Max-Age={age}; SameSite=Lax';")
    key = "chiso_cookie_script_" + hashlib.sha1(repr(sorted(todo.items())).encode()).hexdigest()[:10]
    with st.sidebar.container(key=key):  # hidden: an empty element still takes a gap's height
        st.html(f"<style>[data-testid='stLayoutWrapper']:has(> .st-key-{key}) {{display: none}}</style>"
                f"<script>{''.join(lines)}</script>", unsafe_allow_javascript=True)
