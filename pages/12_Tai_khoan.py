"""Tài khoản: the signed-in person's own account (and a new password), and, for the province's
administrator, the province's accounts: add one, change its role, unit, name or e-mail, set a new
password for someone who forgot theirs, remove someone who has left.

Presentation only: the rules (roles, units, an e-mail used once, no admin demoting or removing
themself) and the audit rows are `chiso.accounts`'; the units offered are those the task pages offer.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from chiso import accounts, audit, auth, fmt, frame, ui, ui_auth
from chiso import ui_tasks as ut
from chiso.errors import ChisoError
from chiso.i18n import _
from chiso.names import formed_together, province_key, province_name, province_now
from chiso.tasks import local_time, open_store
from chiso.tasks.units import known_spelling

ctx = frame.context()
lang, user = ctx.lang, ctx.user

st.title(_("Accounts"))
if user is None:
    st.info(_("Sign in (sidebar) to see your account and change your password. Accounts are created by your "
              "province's administrator (Sở Nội vụ)."))
    ui.stop()

ut.show_pending_confirmation()
HANDED_OVER = "_chiso_new_password"  # (account, password) to show once, after the rerun a save makes
UNIT_NOTE = "_chiso_unit_note"  # a unit's account whose unit leads no task: said after that rerun


def saved(message: str, account) -> None:
    """Confirmed after the rerun; a unit's account whose unit leads no task of its province is told
    so, with the closest names (it could update nothing), as `chiso users add` tells it."""
    ut.confirm(message)
    note = accounts.unit_note(account, accounts.department_units(store, user, account.province_code))
    if note:
        st.session_state[UNIT_NOTE] = note
    ui.rerun()


def show_new_password() -> None:
    note = st.session_state.pop(UNIT_NOTE, None)
    if note:
        st.warning(note)
    given = st.session_state.pop(HANDED_OVER, None)
    if given:
        name, password = given
        st.success(_("The password of **{name}** is below: give it to the person. It is shown only this once; "
                     "they can change it on this page after signing in.", name=name))
        st.code(password, language=None)


def created(account: accounts.Account) -> str:
    try:
        return local_time(dt.datetime.fromisoformat(account.created_at).astimezone(dt.timezone.utc)
                          .replace(tzinfo=None), lang)[:10]
    except ValueError:
        return ""


# ------------------------------------------------------------------ the person's own account
st.subheader(_("Your account"))
facts = [(_("Sign-in name"), user.username), (_("Full name"), user.display_name or ""),
         (_("Role"), auth.role_label(user.role)), (_("Province"), province_now(user.province_code)),
         (_("Unit"), user.unit or ""), (_("E-mail"), user.email or "")]
st.markdown("\n".join(f"- **{label}:** {value}" for label, value in facts if value))
store = open_store()
# the units the department's tasks name as their lead
own_note = accounts.unit_note(user, accounts.department_units(store, user, user.province_code), to_holder=True)
if own_note:
    st.warning(own_note)

with st.expander(_("Change your password")):
    with st.form("own_password", clear_on_submit=True):
        current = st.text_input(_("Current password"), type="password")
        new = st.text_input(_("New password (at least {n} characters)", n=accounts.MIN_PASSWORD_LENGTH),
                            type="password")
        again = st.text_input(_("New password again"), type="password")
        change = st.form_submit_button(_("Change password"))
    if change:
        if new != again:
            st.error(_("The two new passwords differ."))
        else:
            try:
                accounts.change_password(user.username, current, new)
            except ChisoError as exc:
                st.error(_("Password not changed: {error}", error=str(exc)))
            else:
                ui_auth.keep_signed_in(user)  # this browser stays signed in; the person's other sessions end
                ut.confirm(_("Your password is changed: use it at your next sign-in. Where you were signed in with the old one (another computer, another browser), you are signed out."))
                ui.rerun()

if not user.is_admin:
    st.caption(_("Your role and unit are set by your province's administrator."))
    ui.stop()

# ------------------------------------------------------------------ the province's accounts (its admin)
province = user.province_code
held = accounts.list_accounts(actor=user)
# one department since 1 July 2025 holds the accounts of every province it was formed from (Bình Phước's
# admin manages Đồng Nai's too): the heading names them all, and each row its province
provinces_held = sorted({a.user.province_code for a in held} | {province}, key=lambda c: province_key(province_name(c)))
# named with what it is today: "Long An (từ 01/07/2025 thuộc Tây Ninh)", not a province that no longer exists
st.subheader(_("Accounts of {province}", province=fmt.listing(province_now(c) for c in provinces_held)))
show_new_password()
ui.table(pd.DataFrame([{_("Sign-in name"): a.user.username, _("Full name"): a.user.display_name or "",
                        _("Role"): auth.role_label(a.user.role), _("Unit"): a.user.unit or "",
                        **({_("Province"): province_now(a.user.province_code)} if len(provinces_held) > 1 else {}),
                        _("E-mail"): a.user.email or "", _("Created"): created(a)} for a in held]),
         width="stretch", phone_first=[_("Sign-in name"), _("Role")])
st.caption(_("A change applies at the account's next page; a removed account is signed out there. Every change "
             "is listed at the foot of this page and in the change log of the Tasks page."))


ROLES = list(auth.ROLES)
# the provinces a new account may belong to: the department's (an official of Đồng Nai, added by Bình
# Phước's admin, was made Bình Phước's, and every page opened on Bình Phước for them)
department = list(formed_together(province))


def units_of(code: str) -> list[str]:
    """The units offered for an account of province `code`: those its department's tasks name (Đồng Nai's
    Văn phòng Sở leads Bình Phước's plans' tasks: `accounts.department_units`), then the catalog's."""
    return ut.unit_choices(store, user, list(formed_together(code)))


def unit_box(key: str, units: list[str], value: str | None = None):
    units = units if not value or value in units else [value, *units]  # one no longer offered, kept
    return st.selectbox(_("Unit (for a unit's account: the unit as its tasks name it)"), units,
                        index=units.index(value) if value in units else None, accept_new_options=True,
                        placeholder=_("Choose or type the unit"), key=key)


def unit_of(role: str, unit: str | None, units: list[str]) -> str | None:
    """A unit only for a unit's account, spelt as its province's tasks already spell it."""
    return known_spelling(unit, units) if role == auth.UNIT_EDITOR and unit else None


with st.expander(_("Add an account"), expanded=not held):
    new_province = province
    if len(department) > 1:  # outside the form: the units offered are the chosen province's
        new_province = st.selectbox(_("Province"), department, index=department.index(province),
                                    format_func=province_now, key="add_province", placeholder=_("Type to search"))
    new_units = units_of(new_province)
    # kept when an account is refused (an e-mail mistyped does not lose the rest), cleared once added
    with st.form("add_account", clear_on_submit=False):
        c1, c2 = st.columns(2)
        username = c1.text_input(_("Sign-in name"), placeholder="vanphong_snv", key="add_username")
        display_name = c2.text_input(_("Full name"), placeholder="Nguyễn Văn A", key="add_name")
        role = st.selectbox(_("Role"), ROLES, format_func=auth.role_label, key="add_role",
                            placeholder=_("Type to search"))
        unit = unit_box("add_unit", new_units)
        email = st.text_input(_("E-mail (for single sign-on; optional)"), key="add_email")
        password = st.text_input(_("Password (empty: one is made for you)"), type="password", key="add_password")
        add = st.form_submit_button(_("Add account"))
    if add:
        given = password or accounts.generated_password()
        try:
            made = accounts.add_user(username.strip(), given, role, new_province, unit_of(role, unit, new_units),
                                     display_name=display_name, email=email, actor=user)
        except ChisoError as exc:
            st.error(_("Account not added: {error}", error=str(exc)))
        else:
            if not password:
                st.session_state[HANDED_OVER] = (made.username, given)
            for field in ("add_username", "add_name", "add_role", "add_unit", "add_email", "add_password"):
                st.session_state.pop(field, None)
            saved(_("Account '{name}' added ({role}).", name=made.username, role=auth.role_label(made.role)), made)

if held:
    with st.expander(_("Change, reset or remove an account")):
        by_name = {a.user.username: a.user for a in held}
        chosen = st.selectbox(_("Account"), list(by_name), key="account_chosen", placeholder=_("Type to search"),
                              format_func=lambda n: " · ".join(x for x in (
                                  n, by_name[n].display_name, auth.role_label(by_name[n].role),
                                  province_name(by_name[n].province_code) if len(provinces_held) > 1 else None) if x))
        account = by_name[chosen]
        own = account.username == user.username
        account_province = account.province_code
        if len(department) > 1:  # outside the form, as when adding: the units offered are the province's
            account_province = st.selectbox(_("Province"), department, format_func=province_now,
                                            index=department.index(account.province_code),
                                            key=f"province_{chosen}", placeholder=_("Type to search"))
        # its own unit offered too, though no task of the province names it (typed when it was made, or
        # the account moved): the box opened empty, and a save then asked for a unit
        account_units = list(dict.fromkeys([*units_of(account_province), *([account.unit] if account.unit else [])]))
        with st.form(f"change_{chosen}"):
            role = st.selectbox(_("Role"), ROLES, index=ROLES.index(account.role), format_func=auth.role_label,
                                disabled=own, key=f"role_{chosen}", placeholder=_("Type to search"),
                                help=_("Your own role is changed by another administrator.") if own else None)
            unit = unit_box(f"unit_{chosen}", account_units, account.unit)
            c1, c2 = st.columns(2)
            display_name = c1.text_input(_("Full name"), value=account.display_name or "", key=f"name_{chosen}")
            email = c2.text_input(_("E-mail (for single sign-on; optional)"), value=account.email or "",
                                  key=f"email_{chosen}")
            save = st.form_submit_button(_("Save changes"))
        if save:
            try:
                changed = accounts.change_account(chosen, role=role, unit=unit_of(role, unit, account_units),
                                                  province_code=account_province,
                                                  display_name=display_name, email=email, actor=user)
            except ChisoError as exc:
                st.error(_("Not saved: {error}", error=str(exc)))
            else:
                saved(_("Account '{name}' saved.", name=chosen), changed)
        c1, c2 = st.columns(2)
        if own:  # a new password ends the sessions opened with the old one, this page's own among them
            c1.caption(_("Your own password: “Change your password” above."))
        elif c1.button(_("Set a new password"), key=f"reset_{chosen}",
                       help=_("For someone who forgot theirs: a new one is made and shown once.")):
            new_password = accounts.generated_password()
            try:
                accounts.reset_password(chosen, new_password, actor=user)
            except ChisoError as exc:
                st.error(_("Password not set: {error}", error=str(exc)))
            else:
                st.session_state[HANDED_OVER] = (chosen, new_password)
                ui.rerun()
        if not own:
            sure = c2.checkbox(_("Yes, remove '{name}'", name=chosen), key=f"sure_{chosen}")
            if c2.button(_("Remove account"), key=f"remove_{chosen}", disabled=not sure, type="primary"):
                try:
                    accounts.remove_user(chosen, actor=user)
                except ChisoError as exc:
                    st.error(_("Not removed: {error}", error=str(exc)))
                else:
                    ut.confirm(_("Account '{name}' removed; it is signed out at its next page.", name=chosen))
                    ui.rerun()

account_rows = store.audit_log(user, department, limit=300, accounts=True)  # a row is its account's province's
with st.expander(_("Changes to the accounts (who, when, what)")):
    if not account_rows:
        st.caption(_("No account has been changed on this page yet."))
    else:
        ui.table(pd.DataFrame([{_("When"): local_time(e.at, lang), _("By"): e.actor,
                                _("Action"): audit.action_label(e.action), _("Account"): e.task_id.split(":", 1)[1],
                                _("Changes"): audit.change_text(e.changes(), lang)} for e in account_rows]),
                 width="stretch", phone_first=[_("When"), _("Account"), _("Action")])
