"""Page furniture shared by the two weakness pages (Điểm yếu, Chưa có nhiệm vụ): the cached
analysis, the signed-in user's tasks for the weak components, and how a task row is shown.

Presentation only: the numbers come from `chiso.analysis`, the tasks from `chiso.tasks` (which
checks the user's right to read them).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import analysis, db, fmt
from chiso.auth import PermissionDenied
from chiso.errors import ChisoError
from chiso.tasks import RECURRING_LABEL, RECURRING_LABEL_EN, status_label
from chiso.ui import t

TASKS_PAGE = "pages/7_Nhiem_vu.py"


@st.cache_data(show_spinner=False)
def _analysis(version: tuple, index_code: str, year: int, province_code: str) -> analysis.ComponentAnalysis:
    return analysis.component_analysis(index_code, year, province_code)


def _version() -> tuple:
    """Cache key: a database rebuild or an edit of the rules file clears the page cache."""
    rules = analysis.rules_path()
    return db.db_version(), rules.stat().st_mtime_ns if rules.exists() else 0


def component_analysis(index_code: str, year: int, province_code: str) -> analysis.ComponentAnalysis:
    """The analysis through the page cache (see `_version`)."""
    return _analysis(_version(), index_code, int(year), province_code)


@st.cache_data(show_spinner=False)
def _counts_most(version: tuple, index_code: str, year: int, province_code: str, target: str) -> pd.DataFrame:
    return analysis.where_a_point_counts_most(index_code, year, province_code, target)


def where_a_point_counts_most(index_code: str, year: int, province_code: str, target: str) -> pd.DataFrame:
    return _counts_most(_version(), index_code, int(year), province_code, target)


def tasks_for(lang: str, user, province_code: str, components: pd.DataFrame) -> pd.DataFrame | None:
    """The tasks that may cover these components, as `v_tasks` rows; None (with a message shown)
    when nobody is signed in or the account belongs to another province."""
    if user is None:
        st.info(t(lang, "Đăng nhập (thanh bên trái) để xem nhiệm vụ gắn với các nội dung yếu.",
                  "Sign in (sidebar) to see the tasks tied to the weak components."))
        return None
    if user.province_code != province_code:
        st.info(t(lang, f"Tài khoản '{user.username}' chỉ xem được nhiệm vụ của tỉnh mình (mã {user.province_code}); "
                        f"hãy chọn tỉnh đó để xem nhiệm vụ.",
                  f"Account '{user.username}' sees only its own province's tasks (code {user.province_code})."))
        return None
    try:
        return analysis.linked_tasks(user, province_code, components)
    except PermissionDenied as exc:
        st.warning(str(exc))
    except ChisoError as exc:
        st.error(t(lang, f"Không đọc được kho nhiệm vụ: {exc}", f"Cannot read the task store: {exc}"))
    return None


def deadline(row, lang: str) -> str:
    if fmt.is_missing(row.get("due_date")) or (not fmt.is_missing(row.get("recurring")) and bool(row.get("recurring"))):
        return RECURRING_LABEL if lang == "vi" else RECURRING_LABEL_EN
    return fmt.date(row["due_date"], lang)


def task_table(links: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The tasks of one component as shown: unit, deadline dd/mm/yyyy, status, how it is linked."""
    rows = links[links.task_id.notna()]
    return pd.DataFrame({
        t(lang, "Mã", "ID"): rows.task_id,
        t(lang, "Nội dung nhiệm vụ", "Task"): rows.text,
        t(lang, "Đơn vị chủ trì", "Lead unit"): rows.lead_unit,
        t(lang, "Thời hạn", "Deadline"): [deadline(r, lang) for r in rows.to_dict("records")],
        t(lang, "Trạng thái", "Status"): [status_label(s, lang) for s in rows.status],
        t(lang, "Liên kết", "Linked to"): [
            analysis.LINK_SCOPE_LABELS[s][0 if lang == "vi" else 1]
            + (f" ({c})" if s in ("broader", "narrower") else "") for s, c in zip(rows.link_scope, rows.linked_indicator)],
    })


def tasks_link(lang: str, index_code: str, indicator_code: str, province_code: str, label: str | None = None) -> None:
    """A link to the tasks page filtered on this component (keeps the sign-in: same session)."""
    params = {"index": index_code, "indicator": indicator_code, "province": province_code}
    label = label or t(lang, f"Xem nhiệm vụ của {indicator_code} →", f"See the tasks of {indicator_code} →")
    try:
        st.page_link(TASKS_PAGE, label=label, query_params=params)
    except Exception:  # run outside the multipage app (a single page under test): a plain link
        query = "&".join(f"{k}={v}" for k, v in params.items())
        st.markdown(f"[{label}](./Nhiem_vu?{query})")
