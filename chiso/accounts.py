"""Accounts: who someone is. The accounts file, passwords, sign-in sessions and throttling
(what each role may do: `chiso.auth`).

Accounts are local: a TOML file outside git (`~/.config/chiso/users.toml`, or
`CHISO_USERS_FILE`) holding argon2id password hashes made by `argon2-cffi`.
With Streamlit OIDC (`st.login`), the identity provider proves who the person
is and this file still says what they may do (matched by `email`).

Changed by the server's operator (`python -m chiso users`, `actor=None`) or by a signed-in
province admin for their province (the Tài khoản page, `actor=` the admin): every change an
admin makes is a row of the task store's audit log.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from chiso.auth import PROVINCE_ADMIN, ROLES, UNIT_EDITOR, AuthError, PermissionDenied, User, require_admin
from chiso.i18n import N_

MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")


# ---------------------------------------------------------------- the accounts file

def users_file() -> Path:
    return Path(os.environ.get("CHISO_USERS_FILE") or Path.home() / ".config" / "chiso" / "users.toml")


@dataclass(frozen=True)
class Account:
    user: User
    password_hash: str
    created_at: str = ""


def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current recommended parameters


def load_accounts(path: Path | None = None) -> dict[str, Account]:
    path = Path(path) if path else users_file()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AuthError(N_("the accounts file {path} cannot be read: {problem}"), path=path, problem=str(exc)) from exc
    out = {}
    for username, entry in (data.get("users") or {}).items():
        role = entry.get("role")
        if role not in ROLES:
            raise AuthError(N_("accounts file {path}: account '{name}' has an invalid role '{role}'"), path=path,
                            name=username, role=role)
        out[username] = Account(
            User(username, role, str(entry.get("province_code", "")), entry.get("unit") or None,
                 entry.get("display_name") or None, entry.get("email") or None),
            entry.get("password_hash", ""), entry.get("created_at", ""))
    return out


def _toml_str(text: str) -> str:
    # JSON string escapes (\" \\ \n \uXXXX) are all valid TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


def _save_accounts(accounts: dict[str, Account], path: Path) -> None:
    lines = ["# chiso accounts: argon2id password hashes. Keep this file out of git (mode 0600).", ""]
    for name in sorted(accounts):
        a = accounts[name]
        lines.append(f"[users.{_toml_str(name)}]")
        fields = {"role": a.user.role, "province_code": a.user.province_code, "unit": a.user.unit,
                  "display_name": a.user.display_name, "email": a.user.email,
                  "password_hash": a.password_hash, "created_at": a.created_at}
        lines += [f"{k} = {_toml_str(v)}" for k, v in fields.items() if v]
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Write then rename, so a crash never leaves a half-written accounts file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".users-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_user(username: str, password: str, role: str, province_code: str, unit: str | None = None, *,
             display_name: str | None = None, email: str | None = None, path: Path | None = None,
             actor: User | None = None, replace_existing: bool = False) -> User:
    """Create (or, with replace_existing, reset) an account.

    `actor=None` is the operator at the server's shell (who can edit the file anyway);
    a signed-in actor must be the province admin of the account's province.
    """
    path = Path(path) if path else users_file()
    if actor is not None:
        require_admin(actor, province_code, N_("manage accounts"))
    if not _USERNAME.match(username or ""):
        raise AuthError(N_("invalid user name '{name}' (2–64 characters: letters, digits, . _ @ -)"), name=username)
    if role not in ROLES:
        raise AuthError(N_("invalid role '{role}' (one of: {roles})"), role=role, roles=", ".join(ROLES))
    if not re.fullmatch(r"\d{2}", province_code or ""):
        raise AuthError(N_("invalid province code '{code}'"), code=province_code)
    if role == UNIT_EDITOR and not (unit or "").strip():
        raise AuthError(N_("a unit's account (unit_editor) needs the unit's name (--unit)"))
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AuthError(N_("a password needs at least {n} characters"), n=MIN_PASSWORD_LENGTH)
    accounts = load_accounts(path)
    if username in accounts and not replace_existing:
        raise AuthError(N_("account '{name}' already exists"), name=username)
    if username in accounts and actor is not None and accounts[username].user.province_code != actor.province_code:
        raise PermissionDenied(N_("account '{name}' belongs to another province"), name=username)
    user = User(username, role, province_code, (unit or "").strip() or None, display_name, email)
    accounts[username] = Account(user, _hasher().hash(password), dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    _save_accounts(accounts, path)
    return user


def remove_user(username: str, *, path: Path | None = None, actor: User | None = None) -> User:
    """Remove an account (someone who has left). Their open sessions end at their next page: a
    session names an account that must still exist (`user_from_session`)."""
    path = Path(path) if path else users_file()
    accounts = load_accounts(path)
    if username not in accounts:
        raise AuthError(N_("no account '{name}' in the accounts file {path}"), name=username, path=path)
    removed = accounts.pop(username).user
    if actor is not None:
        require_admin(actor, removed.province_code, N_("manage accounts"))
    _save_accounts(accounts, path)
    return removed


def list_users(path: Path | None = None, *, actor: User | None = None) -> list[User]:
    """All accounts (shell operator) or, for a signed-in actor, the accounts of their province (admin only)."""
    users = [a.user for a in load_accounts(path).values()]
    if actor is not None:
        require_admin(actor, actor.province_code, N_("see the list of accounts"))
        users = [u for u in users if u.province_code == actor.province_code]
    return sorted(users, key=lambda u: (u.province_code, u.username))


# Verifying against a fixed hash for unknown names keeps the time the same, so the
# response time does not reveal which usernames exist.
_DUMMY_HASH = None


def authenticate(username: str, password: str, path: Path | None = None) -> User | None:
    """The account's User if the password matches, else None."""
    global _DUMMY_HASH
    path = Path(path) if path else users_file()
    accounts = load_accounts(path)
    account = accounts.get(username or "")
    hasher = _hasher()
    if account is None:
        _DUMMY_HASH = _DUMMY_HASH or hasher.hash("chiso-dummy-password")
        try:
            hasher.verify(_DUMMY_HASH, password or "")
        except VerificationError:
            pass
        return None
    try:
        hasher.verify(account.password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(account.password_hash):
        accounts[username] = replace(account, password_hash=hasher.hash(password))
        _save_accounts(accounts, path)
    return account.user


def user_for_email(email: str, path: Path | None = None) -> User | None:
    """The local account (roles) of a person signed in through OIDC, matched by e-mail."""
    if not email:
        return None
    for a in load_accounts(path).values():
        if a.user.email and a.user.email.strip().lower() == email.strip().lower():
            return a.user
    return None


# ---------------------------------------------------------------- signed sessions (survive reload, new tab)

SESSION_HOURS = 8  # a working day; then the person signs in again


def session_secret() -> bytes:
    """The key that signs session cookies. Every app server behind one proxy must hold the same:
    `CHISO_SESSION_SECRET`, or a file `session_secret` beside the accounts file (made once, 0600)."""
    env = os.environ.get("CHISO_SESSION_SECRET")
    if env:
        return env.encode()
    path = users_file().with_name("session_secret")
    if not path.exists():
        import secrets
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # the first of two starting servers wins; the other reads its secret
        except FileExistsError:
            pass
        os.unlink(tmp)
    return path.read_text().strip().encode()


def _serializer():
    from itsdangerous import URLSafeTimedSerializer  # signing and expiry by a maintained library
    return URLSafeTimedSerializer(session_secret(), salt="chiso-session")


def session_token(user: User) -> str:
    return _serializer().dumps({"u": user.username})


def user_from_session(token: str | None, path: Path | None = None) -> User | None:
    """The account a session cookie names, if its signature holds, it is younger than SESSION_HOURS
    and the account still exists (its role read now, not from the cookie)."""
    if not token:
        return None
    from itsdangerous import BadSignature
    try:
        data = _serializer().loads(token, max_age=SESSION_HOURS * 3600)
    except BadSignature:  # includes SignatureExpired
        return None
    account = load_accounts(path).get(str(data.get("u", "")))
    return account.user if account else None


# ---------------------------------------------------------------- sign-in throttling

class SignInThrottle:
    """Wrong passwords slow down per account and per client address, whatever the browser session:
    the attempts are recorded in the task store's audit log (shared by every app server), so a
    reload or a new tab does not reset the count, and a lockout is itself recorded there."""

    ACCOUNT_FAILURES = 5     # wrong passwords for one account ...
    ADDRESS_FAILURES = 20    # ... or from one client address (trying many accounts) ...
    WINDOW_SECONDS = 900     # ... within 15 minutes ...
    LOCKOUT_SECONDS = 300    # ... lock it for 5 minutes after the last of them

    def __init__(self, store=None):
        if store is None:
            from chiso.tasks import open_store
            store = open_store()
        self.store = store

    def _since(self, now: dt.datetime) -> dt.datetime:
        return now - dt.timedelta(seconds=self.WINDOW_SECONDS)

    def wait_seconds(self, username: str, address: str) -> int:
        """0 if a sign-in may be tried now, else how many seconds to wait."""
        from chiso.tasks.model import now_utc
        now = now_utc()
        waits = []
        for kind, limit in (("username", self.ACCOUNT_FAILURES), ("address", self.ADDRESS_FAILURES)):
            times = self.store.sign_in_failures(self._since(now), **{kind: username if kind == "username" else address})
            if len(times) >= limit:
                waits.append((times[-1] + dt.timedelta(seconds=self.LOCKOUT_SECONDS) - now).total_seconds())
        return max(0, int(max(waits, default=0)) + (1 if waits and max(waits) > 0 else 0))

    def failed(self, username: str, address: str) -> None:
        self.store.record_sign_in(username, address, "sign_in_failed")
        if self.wait_seconds(username, address):
            self.store.record_sign_in(username, address, "sign_in_locked")

    def succeeded(self, username: str, address: str) -> None:
        self.store.record_sign_in(username, address, "sign_in")
