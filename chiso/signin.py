"""Signing in: a session that survives a reload or a new tab (a signed, expiring cookie naming the
account and the password it was opened with), and wrong passwords slowed down per account and per
client address. Who the accounts are and their passwords: `chiso.accounts`."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path

from chiso.accounts import Account, load_accounts, users_file
from chiso.auth import User


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


def password_stamp(username: str, path: Path | None = None) -> str | None:
    """Which password the account has now, as a session remembers it (a digest of the hash, never the
    password): a session opened with another password is over. None: no such account."""
    account = load_accounts(path).get(username)
    return stamp(account) if account else None


def stamp(account: Account) -> str:
    return hashlib.sha256(account.password_hash.encode()).hexdigest()[:16]


def session_token(user: User, path: Path | None = None) -> str:
    return _serializer().dumps({"u": user.username, "p": password_stamp(user.username, path)})


def user_from_session(token: str | None, path: Path | None = None) -> User | None:
    """The account a session cookie names, if its signature holds, it is younger than SESSION_HOURS,
    the account still exists (its role read now, not from the cookie) and its password is the one
    the session was opened with: a new password (a reset after a leak) ends the other sessions."""
    if not token:
        return None
    from itsdangerous import BadSignature
    try:
        data = _serializer().loads(token, max_age=SESSION_HOURS * 3600)
    except BadSignature:  # includes SignatureExpired
        return None
    username = str(data.get("u", ""))
    account = load_accounts(path).get(username)
    if account is None or data.get("p") != stamp(account):
        return None
    return account.user


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
