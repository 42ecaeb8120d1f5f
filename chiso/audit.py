"""The audit log: append-only and hash-chained, so an edit or a deletion is detectable.

Every `audit_log` row carries `row_hash = sha256(previous row's hash + the row's canonical
fields)` (the first row chains to `GENESIS`). Rewriting a row, deleting one, or inserting one in
the middle breaks the chain at that row, and `verify` names the first row whose hash no longer
matches (`python -m chiso audit verify [--store URL|FILE]`, exit 1).

Who can write it:
- the store's own API only appends (`backends.Tx` refuses UPDATE/DELETE/TRUNCATE of the table);
- on PostgreSQL the application role gets INSERT and SELECT only (`schema.grant_app_role`), and a
  trigger refuses UPDATE, DELETE and TRUNCATE for everyone else but a superuser;
- on DuckDB there are no roles: whoever holds the file can change it, and `verify` detects it.

Appends are serialised so the chain never forks: DuckDB by the store's file lock, PostgreSQL by a
transaction-scoped advisory lock taken before the tail is read (`lock_chain`).

`record(...)` writes an event that is not a task change (a sign-in lockout, say).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from chiso.i18n import N_, _

# What each action of the log is called where a person reads it (the change log on Nhiệm vụ)
ACTIONS = {
    "create": N_("Added in the app"), "update": N_("Update"), "import_create": N_("Imported (new)"), "import_update": N_("Imported (update)"),
    "delete": N_("Delete"), "account_created": N_("Account added"), "account_reset": N_("Account reset"),
    "account_changed": N_("Account changed"), "password_reset": N_("New password set by the admin"),
    "password_changed": N_("Password changed"), "account_removed": N_("Account removed"),
    "sign_in": N_("Signed in"), "sign_in_failed": N_("Wrong password"), "sign_in_locked": N_("Sign-in locked"),
}


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action


# A change's fields as the pages name them, for a task or an account; the rest (the task's id, shown
# beside it, its province, the plan's issuer and date, which its number names) is not repeated
FIELDS = {
    "text": N_("Task"), "lead_unit": N_("Lead unit"), "partner_units": N_("Partner units"),
    "due_date": N_("Deadline"), "recurring": N_("Recurring"), "reporting_period": N_("Reporting period"),
    "target": N_("Target"), "status": N_("Status"), "progress_note": N_("Progress note"),
    "links": N_("Index links"), "plan_number": N_("Plan"), "source": N_("Source"),
    "completed_at": N_("Completed on"),
    "role": N_("Role"), "unit": N_("Unit"), "display_name": N_("Full name"), "email": N_("E-mail"),
    "province": N_("Province"),  # an account's (a task's province_code is not a field: it never changes)
}
NOTHING = "∅"


def _value(field: str, value, lang: str) -> str:
    from chiso import auth, fmt
    from chiso.tasks.model import status_label
    if value in (None, ""):
        return NOTHING
    if field == "status":
        return status_label(value, lang)
    if field == "role":
        return auth.role_label(value)
    if field == "province":
        from chiso.names import province_name
        return province_name(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field in ("due_date", "completed_at"):
        return fmt.date(str(value), lang)
    return str(value)


def subject_text(subject: str) -> str:
    """What a row is about: a task's id, or "account vp_bp" for a change of an account."""
    kind, _sep, name = (subject or "").partition(":")
    return _("account {name}", name=name) if kind == "account" and name else subject


def change_text(changes: dict[str, tuple], lang: str) -> str:
    """A change as a person reads it: "Status: Not started → In progress; Deadline: ∅ → 31/12/2026"."""
    return "; ".join(f"{_(FIELDS[k])}: {_value(k, before, lang)} → {_value(k, after, lang)}"
                     for k, (before, after) in changes.items() if k in FIELDS)


GENESIS = "0" * 64
# pg_advisory_xact_lock key for appends to the chain (schema creation uses 4242001).
CHAIN_LOCK = 4242002
_TAIL = "audit_tail"  # key in the backend's session cache: (id, row_hash) of the last row


def canonical(prev_hash: str, row_id: int, task_id, province_code, actor, at, action, before_json,
              after_json) -> bytes:
    """The bytes a row's hash covers: every field, in a fixed order, JSON-encoded."""
    if isinstance(at, dt.datetime):
        at = at.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    return json.dumps([prev_hash, int(row_id), task_id, province_code, actor, str(at), action, before_json,
                       after_json], ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(prev_hash: str, *fields) -> str:
    return hashlib.sha256(canonical(prev_hash, *fields)).hexdigest()


def lock_chain(tx) -> None:
    """Serialise writers of the chain (PostgreSQL; DuckDB's store is serialised by its file lock).
    Call it before the transaction's first row lock, so two writers never wait on each other."""
    if tx.kind == "postgres":
        tx.rows("SELECT pg_advisory_xact_lock(?)", [CHAIN_LOCK])


def _tail(tx) -> tuple[int, str]:
    if tx.session is not None and _TAIL in tx.session:
        return tx.session[_TAIL]
    found = tx.one("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")
    return (int(found[0]), found[1] or "") if found else (0, GENESIS)


def append(tx, *, task_id: str, province_code: str, actor: str, at: dt.datetime, action: str,
           before_json: str | None, after_json: str | None) -> int:
    """Append one row chained to the last; returns its id."""
    lock_chain(tx)
    last_id, last_hash = _tail(tx)
    at = at.replace(tzinfo=None, microsecond=0)
    if tx.kind == "postgres":
        row_id = int(tx.one("SELECT nextval('audit_id_seq')")[0])
        if row_id <= last_id:  # a sequence behind the table (a restored copy): never reuse an id
            row_id = last_id + 1
    else:  # the only writer while it holds the file lock: the next id needs no statement
        row_id = last_id + 1
    digest = row_hash(last_hash, row_id, task_id, province_code, actor, at, action, before_json, after_json)
    tx.rows('INSERT INTO audit_log (id, task_id, province_code, actor, "at", action, before_json, after_json, '
            "row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [row_id, task_id, province_code, actor, at, action, before_json, after_json, digest])
    if tx.session is not None:
        # Valid only while this process holds the file: the backend clears the session on close/rollback.
        tx.session[_TAIL] = (row_id, digest)
    return row_id


def seal_existing(tx) -> int:
    """Give rows written before the chain existed their hashes (the migration); returns how many."""
    rows = tx.rows('SELECT id, task_id, province_code, actor, "at", action, before_json, after_json '
                   "FROM audit_log ORDER BY id")
    prev = GENESIS
    for r in rows:
        prev = row_hash(prev, *r)
        tx.rows("UPDATE audit_log SET row_hash = ? WHERE id = ?", [prev, r[0]])
    return len(rows)


@dataclass(frozen=True)
class Verdict:
    rows: int                  # rows checked
    broken_id: int | None      # the first row whose hash does not match (None: the chain holds)
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(store) -> Verdict:
    """Recompute the chain over every row in id order; the first mismatch is named."""
    def work(tx):
        cursor_id, prev, checked = -1, GENESIS, 0
        while True:  # in pages, so a long log never sits in memory at once
            page = tx.rows('SELECT id, task_id, province_code, actor, "at", action, before_json, after_json, '
                           "row_hash FROM audit_log WHERE id > ? ORDER BY id LIMIT 5000", [cursor_id])
            if not page:
                return Verdict(checked, None)
            for r in page:
                expected = row_hash(prev, *r[:8])
                if r[8] != expected:
                    reason = N_("no hash") if not r[8] else N_("hash does not match its fields and the previous row")
                    return Verdict(checked, int(r[0]), reason)
                prev, cursor_id, checked = expected, int(r[0]), checked + 1
    return store.backend.run(work, write=False)


def record(action: str, *, actor: str, province_code: str = "", subject: str = "", details: dict | None = None,
           before: dict | None = None, store=None) -> int:
    """Write an event that is not a task change, e.g. `record("sign_in_locked", actor="alice",
    province_code="70", subject="account:alice", details={"client": "203.0.113.7", "failures": 5})`;
    `before` and `details` are what the subject was and became (an account's role changed).
    Returns the row id. `store` defaults to the app's task store (`chiso.tasks.open_store()`)."""
    from chiso.tasks import open_store
    from chiso.tasks.model import now_utc

    def as_json(fields):
        return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str) if fields is not None else None

    store = store or open_store()
    return store.backend.run(lambda tx: append(tx, task_id=subject, province_code=province_code, actor=actor,
                                               at=now_utc(), action=action, before_json=as_json(before),
                                               after_json=as_json(details)))
