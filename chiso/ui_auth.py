"""Sign-in in the sidebar, drawn by the frame (chiso.frame) on the pages whose navigation entry
asks for the user; pages read `ctx.user`.

Two ways in:
- local accounts (`chiso.accounts`, argon2 hashes in the accounts file), a username/password form,
  throttled per account and per client address (`chiso.signin.SignInThrottle`);
- single sign-on through Streamlit's OIDC (`st.login`), when `.streamlit/secrets.toml` has an
  `[auth]` section. The identity provider proves who the person is; their role and province
  still come from the accounts file, matched by e-mail (`users add ... --email`).

A local sign-in is kept in a signed, expiring cookie (`chiso.signin.session_token`), so it survives
F5 and a new tab, and any app server with the same secret accepts it; sign-out deletes it.
Permissions are NOT decided here: the task store checks them on every call.
"""
from __future__ import annotations

import streamlit as st

from chiso import accounts, auth, signin, ui, ui_cookies
from chiso.auth import User
from chiso.i18n import _

SESSION_KEY = "user"
SESSION_COOKIE = "chiso_session"
_SIGNED_OUT = "_chiso_signed_out"     # this session signed out: ignore the (stale) request cookie
_JUST_SIGNED_IN = "_chiso_just_signed_in"
_CLOSE_PHONE_MENU = "_chiso_close_phone_menu"  # the sign-in is done: a phone's menu may close
_PASSWORD_STAMP = "_chiso_password_stamp"  # the password this session signed in with (signin.stamp)

role_label = auth.role_label


def oidc_configured() -> bool:
    """True when `.streamlit/secrets.toml` configures `[auth]` for st.login (best effort)."""
    try:
        return "auth" in st.secrets and hasattr(st, "login") and hasattr(st, "user")
    except Exception:  # no secrets file at all
        return False


def _oidc_user() -> tuple[User | None, str | None]:
    """(User, None) when signed in through OIDC with a known e-mail; (None, reason) otherwise."""
    try:
        if not st.user.is_logged_in:
            return None, None
        email = st.user.get("email")
    except Exception:
        return None, None
    user = accounts.user_for_email(email or "")
    if user is None:
        return None, _("Signed in by SSO as {email}, but not given access: ask your province's administrator "
                       "to create an account with this e-mail.", email=email or _("an account without an e-mail"))
    return user, None


def current_user() -> User | None:
    """The signed-in user of this browser: this session's, else the signed session cookie's, else OIDC."""
    ss = st.session_state
    user = ss.get(SESSION_KEY)
    if user is not None:
        # the account as the file has it now: one removed (`chiso users remove`) is signed out at its
        # next page, and a reset role applies at once (this session had kept the account it signed in as)
        # a new password (set by the admin after a leak) ends it too; a single sign-on has no stamp
        account = accounts.load_accounts().get(user.username)
        signed_with = ss.get(_PASSWORD_STAMP)
        if account is None or (signed_with is not None and signed_with != signin.stamp(account)):
            sign_out()
            return None
        user = ss[SESSION_KEY] = account.user
    if user is None and not ss.get(_SIGNED_OUT):
        user = signin.user_from_session(ui_cookies.read(SESSION_COOKIE))
        if user is not None:
            ss[_PASSWORD_STAMP] = signin.password_stamp(user.username)
        if user is None and oidc_configured():
            user, _reason = _oidc_user()
            if user is not None:
                ss[_JUST_SIGNED_IN] = True
        if user is not None:
            ss[SESSION_KEY] = user
    return user


def consume_sign_in_event() -> bool:
    """True once after a sign-in (the frame then makes the account's province the choice)."""
    return bool(st.session_state.pop(_JUST_SIGNED_IN, False))


def _signed_in(user: User) -> None:
    st.session_state[SESSION_KEY] = user
    st.session_state[_JUST_SIGNED_IN] = True
    st.session_state[_CLOSE_PHONE_MENU] = True
    st.session_state.pop(_SIGNED_OUT, None)
    keep_signed_in(user)


def keep_signed_in(user: User) -> None:
    """This browser's session and cookie for the password the account has now: after a sign-in, and
    after the person changed their own password here (which ends their other sessions, not this one)."""
    st.session_state[_PASSWORD_STAMP] = signin.password_stamp(user.username)
    ui_cookies.write(SESSION_COOKIE, signin.session_token(user), days=signin.SESSION_HOURS / 24)


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(_PASSWORD_STAMP, None)
    st.session_state[_SIGNED_OUT] = True
    ui_cookies.write(SESSION_COOKIE, None)
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                st.logout()
        except Exception:
            pass


def _account_link(box, user: User) -> None:
    """Where a signed-in person changes their password (and an admin manages the province's accounts)."""
    from chiso import navigation
    entry = navigation.page("Tai_khoan")
    label = _("Accounts of the province") if user.is_admin else _("Your account and password")
    ui.page_link(entry.file, label, box=box, said_without=False, icon=entry.icon)


def client_address() -> str:
    try:
        return st.context.ip_address or "unknown"
    except Exception:
        return "unknown"


def sign_in_sidebar(lang: str | None = None, rerun=None) -> User | None:
    """Show who is signed in (with a sign-out button), or the sign-in form; return the user.
    `rerun` redraws the page after a sign-in or sign-out (the frame passes one that keeps the page:
    a plain rerun before the page runs would go back to the home page)."""
    rerun = rerun or ui.rerun
    box = st.sidebar
    user = current_user()
    if user is not None:
        if st.session_state.pop(_CLOSE_PHONE_MENU, False):
            ui.close_phone_menu()
        box.success(_("Signed in: **{name}**", name=user.label))
        box.caption(role_label(user.role) + (f" · {user.unit}" if user.unit else ""))
        _account_link(box, user)
        if box.button(_("Sign out"), key="chiso_sign_out"):
            sign_out()
            rerun()
        return user

    box.subheader(_("Sign in"))
    if oidc_configured():
        _user, reason = _oidc_user()
        if reason:
            box.warning(reason)
        if box.button(_("Sign in with your agency account (SSO)"), key="chiso_sso"):
            st.login()

    throttle = signin.SignInThrottle()
    with box.form("chiso_sign_in", clear_on_submit=False):
        username = st.text_input(_("Username"), key="chiso_username")
        password = st.text_input(_("Password"), type="password", key="chiso_password")
        submitted = st.form_submit_button(_("Sign in"))
    box.caption(_("No account yet? Accounts are created by your province's administrator (Sở Nội vụ), "
                  "who gives you a username and password."))
    if submitted:
        address = client_address()
        wait = throttle.wait_seconds(username.strip(), address)
        if wait:
            box.error(_("Too many wrong passwords for this account or this computer. Try again in {n} seconds.",
                        n=wait))
            return None
        try:
            user = accounts.authenticate(username.strip(), password)
        except auth.AuthError as exc:  # the accounts file itself is unreadable: a server problem
            box.error(_("Cannot sign in: {error}", error=str(exc)))
            return None
        if user is None:
            throttle.failed(username.strip(), address)
            box.error(_("Wrong username or password."))
            return None
        throttle.succeeded(username.strip(), address)
        _signed_in(user)
        rerun()
    return None
