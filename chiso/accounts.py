"""Accounts: who someone is. The accounts file and passwords (a signed-in session and the throttling
of wrong passwords: `chiso.signin`; what each role may do: `chiso.auth`).

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
import fcntl
import json
import os
import re
import tempfile
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from chiso.auth import ROLES, UNIT_EDITOR, AuthError, PermissionDenied, User, require_admin, same_province
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


@contextmanager
def _editing(path: Path):
    """The accounts, read and written back under a lock beside the file: two admins (or an admin
    and the shell) saving at once both keep their change. Nothing is written if the body raises."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            accounts = load_accounts(path)
            yield accounts
            _save_accounts(accounts, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _checked(user: User, accounts: dict[str, Account]) -> User:
    """An account as it may be saved: a known role and province, a unit for a unit's account, an
    e-mail no other account has (single sign-on finds the account by it)."""
    if user.role not in ROLES:
        raise AuthError(N_("invalid role '{role}' (one of: {roles})"), role=user.role, roles=", ".join(ROLES))
    if not re.fullmatch(r"\d{2}", user.province_code or ""):
        raise AuthError(N_("invalid province code '{code}'"), code=user.province_code)
    unit = (user.unit or "").strip() or None
    if user.role == UNIT_EDITOR and not unit:
        raise AuthError(N_("a unit's account (unit_editor) needs the unit's name"))
    email = (user.email or "").strip() or None
    if email and "@" not in email:
        raise AuthError(N_("'{email}' is not an e-mail address"), email=email)
    taken = next((a.user.username for a in accounts.values() if a.user.username != user.username
                  and a.user.email and email and a.user.email.strip().lower() == email.lower()), None)
    if taken:
        raise AuthError(N_("account '{name}' already has the e-mail {email}"), name=taken, email=email)
    return replace(user, unit=unit, email=email, display_name=(user.display_name or "").strip() or None)


def _password_hash(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AuthError(N_("a password needs at least {n} characters"), n=MIN_PASSWORD_LENGTH)
    return _hasher().hash(password)


def _existing(accounts: dict[str, Account], username: str, path: Path, actor: User | None) -> Account:
    account = accounts.get(username)
    if account is None:
        raise AuthError(N_("no account '{name}' in the accounts file {path}"), name=username, path=path)
    if actor is not None:
        require_admin(actor, account.user.province_code, N_("manage accounts"))
    return account


def _not_own(actor: User | None, username: str) -> None:
    """An admin does not remove their own account or change its role: the province would risk
    having no administrator left. Another admin, or the server's operator, does it."""
    if actor is not None and actor.username == username:
        raise PermissionDenied(N_("your own account's role is changed, and the account removed, by another "
                                  "administrator of the province or by the server's operator"))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def add_user(username: str, password: str, role: str, province_code: str, unit: str | None = None, *,
             display_name: str | None = None, email: str | None = None, path: Path | None = None,
             actor: User | None = None, replace_existing: bool = False, store=None) -> User:
    """Create (or, with replace_existing, reset: role, unit, password) an account.

    `actor=None` is the operator at the server's shell (who can edit the file anyway);
    a signed-in actor must be the province admin of the account's province, and the change is audited.
    """
    path = Path(path) if path else users_file()
    if actor is not None:
        require_admin(actor, province_code, N_("manage accounts"))
    if not _USERNAME.match(username or ""):
        raise AuthError(N_("invalid user name '{name}' (2–64 characters: letters, digits, . _ @ -)"), name=username)
    with _editing(path) as accounts:
        before = accounts.get(username)
        if before is not None and not replace_existing:
            raise AuthError(N_("account '{name}' already exists"), name=username)
        if before is not None and actor is not None and not same_province(before.user.province_code, actor.province_code):
            raise PermissionDenied(N_("account '{name}' belongs to another province"), name=username)
        if before is not None and before.user.role != role:
            _not_own(actor, username)
        user = _checked(User(username, role, province_code, unit, display_name, email), accounts)
        accounts[username] = Account(user, _password_hash(password), before.created_at if before else _now())
    _audit(actor, "account_reset" if before else "account_created", user, store, before and before.user, user)
    return user


def change_account(username: str, *, role: str, unit: str | None = None, display_name: str | None = None,
                   email: str | None = None, province_code: str | None = None, path: Path | None = None,
                   actor: User | None = None, store=None) -> User:
    """An account's role, unit, name, e-mail or province (None: kept; an admin moves it only to a
    province of their own department, an account made Bình Phước's for an official of Đồng Nai);
    its password stays. Audited when an admin does it."""
    path = Path(path) if path else users_file()
    with _editing(path) as accounts:
        account = _existing(accounts, username, path, actor)
        province_code = province_code or account.user.province_code
        if actor is not None and province_code != account.user.province_code:
            require_admin(actor, province_code, N_("manage accounts"))
        if role != account.user.role:
            _not_own(actor, username)
        user = _checked(replace(account.user, role=role, unit=unit, display_name=display_name, email=email,
                                province_code=province_code), accounts)
        accounts[username] = replace(account, user=user)
    _audit(actor, "account_changed", user, store, account.user, user)
    return user


def reset_password(username: str, password: str, *, path: Path | None = None, actor: User | None = None,
                   store=None) -> User:
    """A new password set by the province's admin (someone forgot theirs); audited, never the password."""
    path = Path(path) if path else users_file()
    with _editing(path) as accounts:
        account = _existing(accounts, username, path, actor)
        accounts[username] = replace(account, password_hash=_password_hash(password))
    _audit(actor, "password_reset", account.user, store)  # the event only: never a password
    return account.user


def change_password(username: str, current: str, new: str, *, path: Path | None = None, store=None) -> User:
    """The person's own new password, given their current one (a wrong one is refused)."""
    path = Path(path) if path else users_file()
    if authenticate(username, current, path) is None:
        raise AuthError(N_("the current password is wrong"))
    if new == current:
        raise AuthError(N_("the new password is the current one"))
    with _editing(path) as accounts:
        account = _existing(accounts, username, path, None)
        accounts[username] = replace(account, password_hash=_password_hash(new))
    _audit(account.user, "password_changed", account.user, store)
    return account.user


def unit_note(user: User, leading: list[str], *, to_holder: bool = False) -> str | None:
    """What to tell whoever made a unit's account whose unit leads none of `leading` (the lead units of
    the tasks of its department: `department_units`): it could update nothing. With the closest names
    (`closest_units`); None when there is nothing to say. `to_holder`: said to the account's holder, who
    cannot change their unit, with whom to ask."""
    from chiso.i18n import _
    from chiso.names import province_name
    from chiso.tasks.units import closest_units

    close = closest_units(user.unit, leading) if user.role == UNIT_EDITOR else None
    if close is None:
        return None
    place = dict(province=province_name(user.province_code), unit=user.unit)
    said = (_("No task of {province} is led by '{unit}', your account's unit: it may update only the tasks its "
              "unit leads, named exactly so.", **place) if to_holder else
            _("Note: no task of {province} is led by '{unit}'; the account may update only the tasks its unit "
              "leads, named exactly so.", **place))
    if close:
        said += " " + _("Closest: {names}.", names="; ".join(f"'{u}'" for u in close))
    if to_holder:
        from chiso.navigation import page
        said += " " + _("Ask the province's admin to correct the unit of your account (page {page}).",
                        page=_(page("Tai_khoan").title))
    return said


def department_units(store, reader: User, province_code: str) -> list[str]:
    """The lead units of the tasks a unit's account of `province_code` may update: its department's, every
    province's it was formed from (Đồng Nai's Văn phòng Sở updates Bình Phước's plans' tasks too, as Nhiệm
    vụ lists them). `reader`: who asks the store (an admin of the province)."""
    from chiso.names import formed_together
    return store.units(reader, list(formed_together(province_code)))


def generated_password() -> str:
    """A first or reset password for the admin to hand over: 12 characters, none easily misread (0/O, 1/l)."""
    import secrets
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def remove_user(username: str, *, path: Path | None = None, actor: User | None = None, store=None) -> User:
    """Remove an account (someone who has left). Their open sessions end at their next page: a
    session names an account that must still exist (`user_from_session`)."""
    path = Path(path) if path else users_file()
    with _editing(path) as accounts:
        removed = _existing(accounts, username, path, actor).user
        _not_own(actor, username)
        del accounts[username]
    _audit(actor, "account_removed", removed, store, removed, None)
    return removed


def _fields(user: User | None) -> dict | None:
    return None if user is None else {"role": user.role, "unit": user.unit, "display_name": user.display_name,
                                      "email": user.email, "province": user.province_code}


def _audit(actor: User | None, action: str, account: User, store, before: User | None = None,
           after: User | None = None) -> None:
    """A change made in the app is a row of the province's audit log (the task store's), beside the
    task changes and sign-ins; the shell's operator (actor None) holds the file and is not logged."""
    if actor is None:
        return
    from chiso import audit
    audit.record(action, actor=actor.username, province_code=account.province_code,
                 subject=f"account:{account.username}", before=_fields(before), details=_fields(after), store=store)


def list_accounts(path: Path | None = None, *, actor: User | None = None) -> list[Account]:
    """All accounts (shell operator) or, for a signed-in actor, the accounts of their province (admin only)."""
    found = list(load_accounts(path).values())
    if actor is not None:
        require_admin(actor, actor.province_code, N_("see the list of accounts"))
        found = [a for a in found if same_province(a.user.province_code, actor.province_code)]
    return sorted(found, key=lambda a: (a.user.province_code, a.user.username))


def list_users(path: Path | None = None, *, actor: User | None = None) -> list[User]:
    return [a.user for a in list_accounts(path, actor=actor)]


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
        with _editing(path) as current:
            if username in current:
                current[username] = replace(current[username], password_hash=hasher.hash(password))
    return account.user


def user_for_email(email: str, path: Path | None = None) -> User | None:
    """The local account (roles) of a person signed in through OIDC, matched by e-mail."""
    if not email:
        return None
    for a in load_accounts(path).values():
        if a.user.email and a.user.email.strip().lower() == email.strip().lower():
            return a.user
    return None
