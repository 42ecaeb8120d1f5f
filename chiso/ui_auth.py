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

import hashlib

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
_END_SSO = "_chiso_end_sso"  # signed out by the button: the run after it ends the single sign-on too
_SIGN_IN_FAILED = "_chiso_sign_in_failed"  # (kind, detail) of a refused sign-in
_TRIED = "_chiso_sign_in_tried"  # a digest of the credentials last checked, so each is checked once
_USERNAME, _PASSWORD = "chiso_username", "chiso_password"  # the form's fields

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
    if ss.get(SESSION_KEY) is None:
        _take_sign_in()
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
    keep_signed_in(user)
    st.session_state[_JUST_SIGNED_IN] = True
    st.session_state[_CLOSE_PHONE_MENU] = True
    st.session_state.pop(_SIGNED_OUT, None)
    st.session_state[SESSION_KEY] = user  # last: a run cut short before it signs in again, whole


def keep_signed_in(user: User) -> None:
    """This browser's session and cookie for the password the account has now: after a sign-in, and
    after the person changed their own password here (which ends their other sessions, not this one)."""
    st.session_state[_PASSWORD_STAMP] = signin.password_stamp(user.username)
    ui_cookies.write(SESSION_COOKIE, signin.session_token(user), days=signin.SESSION_HOURS / 24)


def sign_out() -> None:
    _forget_user()
    _end_single_sign_on()


def _sign_out_clicked() -> None:
    """The sign-out button's callback: run before the page's script, it is not lost when another run
    cuts the script short (as a press read in the script was: see `_take_sign_in`). The identity
    provider's session is ended by the run that follows."""
    _forget_user()
    st.session_state[_END_SSO] = True


def _forget_user() -> None:
    ui_cookies.write(SESSION_COOKIE, None)
    st.session_state[_SIGNED_OUT] = True
    st.session_state.pop(_TRIED, None)  # the same account may sign in again at once
    st.session_state.pop(_PASSWORD_STAMP, None)
    st.session_state.pop(SESSION_KEY, None)  # last, as in _signed_in


def _end_single_sign_on() -> None:
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


def sign_in_sidebar() -> User | None:
    """Show who is signed in (with a sign-out button), or the sign-in form; return the user. A sign-in is
    taken as the run begins (`_take_sign_in`), a sign-out in its button's callback: the run drawing this
    already has the user in or out."""
    box = st.sidebar
    user = current_user()
    if user is not None:
        if st.session_state.pop(_CLOSE_PHONE_MENU, False):
            ui.close_phone_menu()
        box.success(_("Signed in: **{name}**", name=user.label))
        box.caption(role_label(user.role) + (f" · {user.unit}" if user.unit else ""))
        _account_link(box, user)
        box.button(_("Sign out"), key="chiso_sign_out", on_click=_sign_out_clicked)
        return user

    if st.session_state.pop(_END_SSO, False):
        _end_single_sign_on()
    box.subheader(_("Sign in"))
    if oidc_configured():
        _user, reason = _oidc_user()
        if reason:
            box.warning(reason)
        if box.button(_("Sign in with your agency account (SSO)"), key="chiso_sso"):
            st.login()

    with box.form("chiso_sign_in", clear_on_submit=False):
        st.text_input(_("Username"), key=_USERNAME)
        st.text_input(_("Password"), type="password", key=_PASSWORD)
        st.form_submit_button(_("Sign in"))
    box.caption(_("No account yet? Accounts are created by your province's administrator (Sở Nội vụ), "
                  "who gives you a username and password."))
    failed = st.session_state.get(_SIGN_IN_FAILED)
    if failed and st.session_state.get(_USERNAME):  # said while the form holds what was refused
        box.error(_failure_text(*failed))
    return None


def _take_sign_in() -> None:
    """Sign in with what the form holds, if it holds credentials not yet checked. Asked at the start of a
    run, before anything is drawn, and by the form's values rather than its button alone: the button's
    press reaches one run only, and a run is cut short whenever another begins (the cookie component's
    answer in the page's first second, a click elsewhere), which lost 3 sign-ins in 5 typed as the page
    opened. The values stay with the form, so the next run signs in. Each write comes before the user is
    set, so a run cut short between them leaves nothing half done: the next one checks again."""
    ss = st.session_state
    username, password = str(ss.get(_USERNAME) or "").strip(), str(ss.get(_PASSWORD) or "")
    if not username or not password:
        return
    attempt = hashlib.sha256(f"{username}\0{password}".encode()).hexdigest()
    if ss.get(_TRIED) == attempt:  # pressed again unchanged: the same answer, already shown
        return
    throttle, address = signin.SignInThrottle(), client_address()
    wait = throttle.wait_seconds(username, address)
    if wait:  # not checked, so not tried: the form signs in once the wait is over
        ss[_SIGN_IN_FAILED] = ("throttled", wait)
        return
    try:
        user = accounts.authenticate(username, password)
    except auth.AuthError as exc:  # the accounts file itself is unreadable: a server problem
        ss[_SIGN_IN_FAILED] = ("unreadable", str(exc))
        return
    if user is None:
        throttle.failed(username, address)
        ss[_SIGN_IN_FAILED] = ("wrong", None)
    else:
        throttle.succeeded(username, address)
        ss.pop(_SIGN_IN_FAILED, None)
        _signed_in(user)
    ss[_TRIED] = attempt


def _failure_text(kind: str, detail) -> str:
    """Said under the form, in the language the page is drawn in."""
    if kind == "throttled":
        return _("Too many wrong passwords for this account or this computer. Try again in {n} seconds.", n=detail)
    if kind == "unreadable":
        return _("Cannot sign in: {error}", error=detail)
    return _("Wrong username or password.")
