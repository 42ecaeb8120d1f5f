"""Roles and who may do what, for the task store (who someone is: `chiso.accounts`).

Who may do what is decided HERE and checked by the task store on every read
and write (`chiso.tasks.store` calls the `require_*` functions), so a page or
a script that forgets a check still cannot cross a province or a unit.

Roles, each bound to one province (`User.province_code`):
- `viewer`: reads the tasks and plans of its province;
- `unit_editor`: also updates status and progress note of tasks whose lead unit is its unit;
- `province_admin`: everything in its province: plans, imports, any task, the audit log,
  and the accounts of its province.
Nobody reads or writes another province's tasks; provinces merged into one on 1 July 2025 are one
province here (`same_province`). Published scores need no sign-in.

Accounts, passwords, sign-in sessions and throttling live in `chiso.accounts`; this module
does no I/O of its own (province names and the 2025 mapping come from `chiso.names`).
"""
from __future__ import annotations

from dataclasses import dataclass

from chiso.errors import ChisoError, Later, Said
from chiso.i18n import N_, _
from chiso.names import fold, formed_together, province_name

VIEWER, UNIT_EDITOR, PROVINCE_ADMIN = "viewer", "unit_editor", "province_admin"
ROLES = (VIEWER, UNIT_EDITOR, PROVINCE_ADMIN)
ROLE_LABELS = {  # msgids: what each role may do, in the run's language (`role_label`)
    VIEWER: N_("Reads the province's tasks"),
    UNIT_EDITOR: N_("Updates the tasks its unit leads"),
    PROVINCE_ADMIN: N_("Manages the province's tasks, plans and accounts"),
}


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


# A unit editor reports progress; changing what a task *is* stays with the province admin.
PROGRESS_FIELDS = frozenset({"status", "progress_note"})


class PermissionDenied(ChisoError):
    """The signed-in user's role does not allow this action (message in Vietnamese)."""


class AuthError(ChisoError):
    """Bad account data or a refused account operation."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    province_code: str
    unit: str | None = None
    display_name: str | None = None
    email: str | None = None

    @property
    def label(self) -> str:
        return self.display_name or self.username

    @property
    def is_admin(self) -> bool:
        return self.role == PROVINCE_ADMIN


# ---------------------------------------------------------------- permission checks

def same_unit(a: str | None, b: str | None) -> bool:
    """Unit names are typed by people: compare without case, diacritics or punctuation."""
    return bool(a) and bool(b) and fold(a) == fold(b)


def answers_for(unit: str | None, lead_unit: str | None) -> bool:
    """Whether a unit's account answers for a task led by `lead_unit`: its own unit (`same_unit`, by either
    of a body's names, `chiso.tasks.units.one_name`), or a body merged into it (`answering_units`: the
    departments merged on 1 March 2025)."""
    from chiso.tasks.units import answering_units, one_name
    return bool(lead_unit) and any(same_unit(one_name(unit), one_name(u)) for u in answering_units(lead_unit))


def same_province(a: str | None, b: str | None) -> bool:
    """One province's department: the same code, or two provinces made one on 1 July 2025 (Bình
    Phước and Đồng Nai are Đồng Nai, whose Sở Nội vụ now follows the tasks of both former provinces'
    plans, which the store keeps under their own codes)."""
    if not a or not b:
        return False
    return a == b or b in formed_together(a)


def tasks_province(user: User, plan_province: str | None) -> str:
    """The province whose task list a plan uploaded by `user` joins: the plan's own when it is of the
    account's department (Bình Phước's plan uploaded by Đồng Nai's Sở Nội vụ joins Bình Phước's tasks,
    beside that plan's earlier ones, under the code its scores and reports use), else the account's."""
    return plan_province if same_province(plan_province, user.province_code) else user.province_code


def can_read(user: User | None, province_code: str) -> bool:
    return user is not None and user.role in ROLES and same_province(user.province_code, province_code)


def can_update_task(user: User | None, province_code: str, lead_unit: str | None,
                    fields: set[str] | frozenset[str]) -> bool:
    if not can_read(user, province_code):
        return False
    if user.role == PROVINCE_ADMIN:
        return True
    if user.role == UNIT_EDITOR:
        return answers_for(user.unit, lead_unit) and set(fields) <= PROGRESS_FIELDS
    return False


def can_administer(user: User | None, province_code: str) -> bool:
    return can_read(user, province_code) and user.role == PROVINCE_ADMIN


def require_read(user: User | None, province_code: str) -> None:
    if user is None:
        raise PermissionDenied(N_("Sign in to see the tasks."))
    if not can_read(user, province_code):
        raise PermissionDenied(N_("Account '{name}' may not see the tasks of {province}."),
                               name=user.username, province=Later(province_name, province_code))


def require_task_update(user: User | None, province_code: str, lead_unit: str | None,
                        fields: set[str] | frozenset[str]) -> None:
    require_read(user, province_code)
    if can_update_task(user, province_code, lead_unit, fields):
        return
    if user.role == VIEWER:
        raise PermissionDenied(N_("Account '{name}' may only read, not change tasks."), name=user.username)
    if user.role == UNIT_EDITOR and not answers_for(user.unit, lead_unit):
        raise PermissionDenied(N_("Account '{name}' belongs to unit '{unit}' and may not change a task led by '{lead}'."),
                               name=user.username, unit=user.unit, lead=lead_unit)
    raise PermissionDenied(N_("Account '{name}' may update status and progress notes only; changing a task's "
                              "content takes the province's admin rights."), name=user.username)


def require_admin(user: User | None, province_code: str, action: str = N_("do this")) -> None:
    """`action`: a msgid (N_) naming what was asked, said in the run's language."""
    require_read(user, province_code)
    if user.role != PROVINCE_ADMIN:
        raise PermissionDenied(N_("Account '{name}' has no province admin rights to {action}."), name=user.username,
                               action=Said(action))
