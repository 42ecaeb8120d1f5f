"""`python -m chiso audit verify|grant`: check the audit log's hash chain; set the PostgreSQL grants.

    python -m chiso audit verify [--store URL|FILE]     exit 0: the chain holds; 1: names the first broken row
    python -m chiso audit grant --store OWNER_URL --role chiso_app
"""
from __future__ import annotations


from chiso.commands.tasks import store_option
from chiso.i18n import _


def register(sub):
    p = sub.add_parser("audit", help=_("audit log: verify the hash chain, grant rights"))
    asub = p.add_subparsers(dest="audit_command", required=True)
    ver = asub.add_parser("verify", help=_("check that the log was not edited or deleted (verify the hash chain)"))
    store_option(ver)
    ver.set_defaults(func=_verify)
    grant = asub.add_parser("grant", help=_("PostgreSQL: grant the app's role the least rights (INSERT, SELECT on audit_log)"))
    grant.add_argument("--store", required=True, help=_("postgresql://... of the tables' owner"))
    grant.add_argument("--role", required=True, help=_("the login role the app connects as"))
    grant.set_defaults(func=_grant)


def _store(args):
    from chiso.commands.tasks import existing_store, store_url
    from chiso.tasks import open_store

    return open_store(existing_store(store_url(args)))


def _verify(args) -> int:
    from chiso import audit

    store = _store(args)
    verdict = audit.verify(store)
    if verdict.ok:
        print(_("Audit log intact: {rows} rows, hash chain verified ({store})", rows=verdict.rows,
                store=store.describe()))
        return 0
    print(_("Audit log BROKEN at row id {id} ({reason}); the {rows} rows before it are intact ({store})",
            id=verdict.broken_id, reason=_(verdict.reason), rows=verdict.rows, store=store.describe()))
    return 1


def _grant(args) -> int:
    from chiso.tasks import schema

    store = _store(args)
    schema.grant_app_role(store.backend, args.role)
    print(_("Role {role}: read and write on plans, tasks and task_links; SELECT and INSERT only on audit_log "
            "({store})", role=args.role, store=store.describe()))
    return 0
