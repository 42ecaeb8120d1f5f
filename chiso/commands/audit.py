"""`python -m chiso audit verify|grant`: check the audit log's hash chain; set the PostgreSQL grants.

    python -m chiso audit verify [--store URL|FILE]     exit 0: the chain holds; 1: names the first broken row
    python -m chiso audit grant --store OWNER_URL --role chiso_app
"""
from __future__ import annotations

from pathlib import Path

from chiso.errors import ChisoError
from chiso.i18n import _


def register(sub):
    p = sub.add_parser("audit", help="nhật ký thay đổi: kiểm tra chuỗi băm, phân quyền (audit log)")
    asub = p.add_subparsers(dest="audit_command", required=True)
    ver = asub.add_parser("verify", help="kiểm tra nhật ký chưa bị sửa hay xoá (verify the hash chain)")
    ver.add_argument("--store", default=None, help="kho nhiệm vụ: tệp DuckDB hoặc postgresql://... (mặc định "
                                                   "CHISO_TASKS_URL hoặc data/chiso_tasks.duckdb)")
    ver.set_defaults(func=_verify)
    grant = asub.add_parser("grant", help="PostgreSQL: cấp quyền tối thiểu cho vai trò của ứng dụng "
                                          "(INSERT, SELECT trên audit_log)")
    grant.add_argument("--store", required=True, help="postgresql://... của chủ sở hữu các bảng")
    grant.add_argument("--role", required=True, help="vai trò (login role) ứng dụng dùng để kết nối")
    grant.set_defaults(func=_grant)


def _store(args):
    from chiso import paths
    from chiso.tasks import open_store

    url = args.store or paths.default_tasks_url(Path(args.db) if getattr(args, "db", None) else None)
    if not str(url).startswith(("postgresql://", "postgres://")) and not Path(url).expanduser().is_file():
        raise ChisoError("No task store at {path}", path=url)
    return open_store(url)


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
