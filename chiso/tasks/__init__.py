"""The task store: plans issued by a province, the tasks they assign, progress and audit.

Pages and the CLI use only what is imported here:

    from chiso.tasks import open_store, StaleEdit
    store = open_store()                      # data/chiso_tasks.duckdb, or CHISO_TASKS_URL=postgresql://...
    tasks = store.list_tasks(user, "70", overdue=True)
    store.update_task(user, t.task_id, t.version, status="done", progress_note="...")

Modules: `model` (what is stored), `schema` (tables, `v_tasks`), `backends` (DuckDB / PostgreSQL),
`store` (`TaskStore`, role-checked: the saves of single edits here, the reads in `queries`, the
imports in `imports`), `stored` (a task's rows read back as a `Task`, its links and audit row),
`template` (the CSV/XLSX task template), `uploads` (hostile-file handling on the way in and out),
`units` (the bodies tasks are given to: offices named with their department, bodies merged away and who
answers for their tasks).
"""
from chiso.tasks.backends import StoreBusy
from chiso.tasks.model import (DONE, IN_PROGRESS, NOT_STARTED, PAUSED, PERIOD_LABELS,
                               RECURRING_LABEL, STATUS_LABELS, STATUSES,
                               AuditEntry, ImportResult, Plan, StaleEdit, Task, TaskDraft, TaskNotFound, UnitSummary,
                               holding, link_text, local_time, period_label, status_label, status_text, today_vn)
from chiso.tasks.queries import quarter_bounds
from chiso.tasks.store import TaskStore, open_store
from chiso.tasks.template import HEADERS, TemplateRejected
from chiso.tasks.units import unit_named_on, with_successors
from chiso.tasks.uploads import ACCEPTED_TYPES, MAX_UPLOAD_BYTES, OLD_EXCEL

__all__ = [
    "open_store", "TaskStore", "Task", "TaskDraft", "Plan", "AuditEntry", "UnitSummary", "ImportResult",
    "StaleEdit", "TaskNotFound", "TemplateRejected", "StoreBusy", "STATUSES", "STATUS_LABELS", "PERIOD_LABELS",
    "RECURRING_LABEL", "status_label", "status_text", "period_label",
    "NOT_STARTED", "IN_PROGRESS", "DONE", "PAUSED", "HEADERS", "ACCEPTED_TYPES", "OLD_EXCEL",
    "MAX_UPLOAD_BYTES", "holding", "link_text", "local_time", "today_vn", "quarter_bounds", "unit_named_on",
    "with_successors",
]
