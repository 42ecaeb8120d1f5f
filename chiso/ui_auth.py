"""Sign-in in the Streamlit sidebar, shared by every page that shows tasks.

    from chiso.ui_auth import sign_in_sidebar
    user = sign_in_sidebar(lang)      # a chiso.auth.User, or None (the form is shown); lang "vi"/"en"

Two ways in:
- local accounts (`chiso.auth`, argon2 hashes in the users file), a username/password form;
- single sign-on through Streamlit's OIDC (`st.login`), when `.streamlit/secrets.toml` has an
  `[auth]` section. The identity provider proves who the person is; their role and province
  still come from the users file, matched by e-mail (`users add ... --email`).

The signed-in user is kept in `st.session_state["user"]` (other pages, e.g. plan import, read it).
Permissions are NOT decided here: the task store checks them on every call.
"""
from __future__ import annotations

import time

import streamlit as st

from chiso import auth
from chiso.auth import User

SESSION_KEY = "user"
MAX_FAILURES = 5          # wrong passwords in a row before this browser session waits
LOCKOUT_SECONDS = 60

# auth.ROLE_LABELS in English, for the sidebar's language switch.
ROLE_LABELS_EN = {
    auth.VIEWER: "Reads the province's tasks",
    auth.UNIT_EDITOR: "Updates the tasks its unit leads",
    auth.PROVINCE_ADMIN: "Manages the province's tasks, plans and accounts",
}


def role_label(role: str, lang: str = "vi") -> str:
    return (auth.ROLE_LABELS if lang == "vi" else ROLE_LABELS_EN).get(role, role)


def oidc_configured() -> bool:
    """True when `.streamlit/secrets.toml` configures `[auth]` for st.login (best effort)."""
    try:
        return "auth" in st.secrets and hasattr(st, "login") and hasattr(st, "user")
    except Exception:  # no secrets file at all
        return False


def _oidc_user(lang: str = "vi") -> tuple[User | None, str | None]:
    """(User, None) when signed in through OIDC with a known e-mail; (None, reason) otherwise."""
    try:
        if not st.user.is_logged_in:
            return None, None
        email = st.user.get("email")
    except Exception:
        return None, None
    user = auth.user_for_email(email or "")
    if user is None:
        if lang != "vi":
            return None, (f"Signed in by SSO as {email or 'an account without an e-mail'}, but not given access: "
                          f"ask your province's administrator to create an account with this e-mail.")
        return None, (f"Đã đăng nhập SSO với {email or 'tài khoản không có e-mail'}, nhưng chưa được cấp quyền: "
                      f"nhờ quản trị của tỉnh tạo tài khoản với e-mail này.")
    return user, None


def current_user() -> User | None:
    """The signed-in user of this browser session (local sign-in or OIDC), or None."""
    user = st.session_state.get(SESSION_KEY)
    if user is None and oidc_configured():
        user, _ = _oidc_user()
        if user is not None:
            st.session_state[SESSION_KEY] = user
    return user


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                st.logout()
        except Exception:
            pass


def sign_in_sidebar(lang: str = "vi") -> User | None:
    """Show who is signed in (with a sign-out button), or the sign-in form; return the user."""
    vi = lang == "vi"
    box = st.sidebar
    user = current_user()
    if user is not None:
        box.success(f"{'Đã đăng nhập' if vi else 'Signed in'}: **{user.label}**")
        box.caption(f"{role_label(user.role, lang)}"
                    + (f" · {user.unit}" if user.unit else ""))
        if box.button("Đăng xuất" if vi else "Sign out", key="chiso_sign_out"):
            sign_out()
            st.rerun()
        return user

    box.subheader("Đăng nhập" if vi else "Sign in")
    if oidc_configured():
        _, reason = _oidc_user(lang)
        if reason:
            box.warning(reason)
        if box.button("Đăng nhập bằng tài khoản cơ quan (SSO)" if vi else "Sign in with SSO", key="chiso_sso"):
            st.login()

    locked_until = st.session_state.get("_chiso_locked_until", 0.0)
    if time.time() < locked_until:
        wait = int(locked_until - time.time()) + 1
        box.error(f"Nhập sai quá {MAX_FAILURES} lần. Thử lại sau {wait} giây." if vi else
                  f"{MAX_FAILURES} wrong passwords. Try again in {wait} seconds.")
        return None
    with box.form("chiso_sign_in", clear_on_submit=False):
        username = st.text_input("Tên đăng nhập" if vi else "Username", key="chiso_username")
        password = st.text_input("Mật khẩu" if vi else "Password", type="password", key="chiso_password")
        submitted = st.form_submit_button("Đăng nhập" if vi else "Sign in")
    if submitted:
        try:
            user = auth.authenticate(username.strip(), password)
        except auth.AuthError as exc:  # the accounts file itself is unreadable: a server problem
            box.error(str(exc) if vi else f"Cannot sign in: {exc}")
            return None
        if user is None:
            failures = st.session_state.get("_chiso_failures", 0) + 1
            st.session_state["_chiso_failures"] = failures
            if failures >= MAX_FAILURES:
                st.session_state["_chiso_locked_until"] = time.time() + LOCKOUT_SECONDS
                st.session_state["_chiso_failures"] = 0
            box.error("Sai tên đăng nhập hoặc mật khẩu." if vi else "Wrong username or password.")
            return None
        st.session_state.pop("_chiso_failures", None)
        st.session_state[SESSION_KEY] = user
        st.rerun()
    return None
