"""Browser cookies for the frame: the remembered choices and the signed sign-in session.

Read from the request that opened the session (`st.context.cookies`); written through
extra-streamlit-components' CookieManager (a maintained component that sets `document.cookie`
from the page's origin), only when a value changes. A write stays pending, and its component
drawn, until the browser acknowledges it, so a rerun in between cannot lose it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import unquote

import streamlit as st

_PENDING = "_cookies_pending"   # name -> (value or None to delete, days)
_KNOWN = "_cookies_known"       # name -> what the browser holds, as far as this session knows


def read(name: str) -> str | None:
    known = st.session_state.get(_KNOWN, {})
    if name in known:
        return known[name]
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no request behind this run (AppTest, bare mode)
        value = None
    return unquote(value) if value else None


def write(name: str, value: str | None, days: float = 1) -> None:
    """Set (or with None, delete) a cookie in the browser, if it differs from what it holds."""
    if read(name) == value:
        return
    st.session_state.setdefault(_KNOWN, {})[name] = value
    st.session_state.setdefault(_PENDING, {})[name] = (value, days)


def flush() -> None:
    """Draw the component for every pending write (call once per run, after the writes)."""
    pending = st.session_state.get(_PENDING)
    if not pending:
        return
    import extra_streamlit_components as stx

    with st.sidebar:
        manager = stx.CookieManager(key="chiso_cookies")
        for name, (value, days) in list(pending.items()):
            key = f"chiso_cookie_{name}_{hashlib.sha1(str(value).encode()).hexdigest()[:10]}"
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
