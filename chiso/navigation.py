"""The app's pages, their Vietnamese and English titles, URL names and sidebar sections.

Page files keep ASCII names (they are paths on every OS); what the user reads in the sidebar
comes from this table, in the chosen language. `app.py` turns it into `st.navigation`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    file: str          # relative to the project root
    url_path: str      # what follows the host in a shared link; "" for the home page
    title_vi: str
    title_en: str
    icon: str
    section: str       # key into SECTIONS


SECTIONS = {
    "leaders": ("Lãnh đạo tỉnh", "Provincial leadership"),
    "home_affairs": ("Sở Nội vụ", "Department of Home Affairs"),
    "briefing": ("Báo cáo", "Briefings"),
}

PAGES = (
    PageEntry("pages/0_Tong_quan.py", "", "Tổng quan", "Overview", "🏛️", "leaders"),
    PageEntry("pages/1_Xep_hang.py", "Xep_hang", "Xếp hạng", "Rankings", "🏆", "leaders"),
    PageEntry("pages/2_Xu_huong.py", "Xu_huong", "Xu hướng", "Trends", "📈", "leaders"),
    PageEntry("pages/3_Ban_do.py", "Ban_do", "Bản đồ", "Map", "🗺️", "leaders"),
    PageEntry("pages/4_So_sanh.py", "So_sanh", "So sánh", "Compare", "⚖️", "leaders"),
    PageEntry("pages/5_Phuong_phap.py", "Phuong_phap", "Phương pháp", "Methodology", "📚", "leaders"),
    PageEntry("pages/6_Diem_yeu.py", "Diem_yeu", "Điểm yếu", "Weak components", "🎯", "home_affairs"),
    PageEntry("pages/7_Nhiem_vu.py", "Nhiem_vu", "Nhiệm vụ", "Tasks", "✅", "home_affairs"),
    PageEntry("pages/9_Chua_co_nhiem_vu.py", "Chua_co_nhiem_vu", "Chưa có nhiệm vụ", "Weak, no task", "📋",
              "home_affairs"),
    PageEntry("pages/8_Ke_hoach.py", "Ke_hoach", "Nhập kế hoạch", "Plan import", "📥", "home_affairs"),
    PageEntry("pages/11_Nhap_ket_qua.py", "Nhap_ket_qua", "Nhập kết quả", "Enter results", "🧾", "home_affairs"),
    PageEntry("pages/10_Xuat_ban.py", "Xuat_ban", "Xuất báo cáo", "Exports", "📤", "briefing"),
)


def sections(lang: str) -> dict[str, list[PageEntry]]:
    """Section title (in `lang`) -> its pages, in sidebar order."""
    out: dict[str, list[PageEntry]] = {}
    for key, (vi, en) in SECTIONS.items():
        out[vi if lang == "vi" else en] = [p for p in PAGES if p.section == key]
    return out


def title(entry: PageEntry, lang: str) -> str:
    return entry.title_vi if lang == "vi" else entry.title_en
