"""The app's pages: file, URL name, title, sidebar section, and the choices the frame asks for.

Page files keep ASCII names (they are paths on every OS); what the user reads in the sidebar is
the title in the chosen language (an English msgid translated through chiso.i18n). `app.py`
turns this table into `st.navigation`; `chiso.frame` draws, for the page being shown, the
pickers its `choices` name:
- "place": the province list (63 / 34) and a province of it; a new province shows all the
  pre-2025 provinces it was formed from (`ctx.parts`);
- "province": the same, but the page shows one pre-2025 province's figures (`ctx.province`), so
  in the 34 list a second box chooses which of the new province's constituents;
- "index", "year" (the years of the chosen index, or of every index without "index");
- "user": the sign-in box (`ctx.user`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chiso.i18n import N_, _


@dataclass(frozen=True)
class PageEntry:
    file: str          # relative to the project root
    url_path: str      # what follows the host in a shared link; "" for the home page
    title: str         # English msgid; Vietnamese in locales/vi
    icon: str
    section: str       # key into SECTIONS
    choices: tuple[str, ...] = ()


SECTIONS = {
    "leaders": N_("Provincial leadership"),
    "home_affairs": N_("Department of Home Affairs"),
    "briefing": N_("Briefings"),
}

PLACE, PROVINCE, INDEX, YEAR, USER = "place", "province", "index", "year", "user"

PAGES = (
    PageEntry("pages/0_Tong_quan.py", "", N_("Overview"), "🏛️", "leaders", (PLACE, YEAR)),
    PageEntry("pages/1_Xep_hang.py", "Xep_hang", N_("Rankings"), "🏆", "leaders", (PLACE, INDEX, YEAR)),
    PageEntry("pages/2_Xu_huong.py", "Xu_huong", N_("Trends"), "📈", "leaders", (PLACE, INDEX)),
    PageEntry("pages/3_Ban_do.py", "Ban_do", N_("Map"), "🗺️", "leaders", (PLACE, INDEX, YEAR)),
    PageEntry("pages/4_So_sanh.py", "So_sanh", N_("Compare"), "⚖️", "leaders", (PLACE, INDEX, YEAR)),
    PageEntry("pages/5_Phuong_phap.py", "Phuong_phap", N_("Methodology"), "📚", "leaders", (INDEX,)),
    PageEntry("pages/6_Diem_yeu.py", "Diem_yeu", N_("Weak components"), "🎯", "home_affairs",
              (PROVINCE, INDEX, YEAR, USER)),
    PageEntry("pages/7_Nhiem_vu.py", "Nhiem_vu", N_("Tasks"), "✅", "home_affairs", (USER,)),
    PageEntry("pages/9_Chua_co_nhiem_vu.py", "Chua_co_nhiem_vu", N_("Weak, no task"), "📋", "home_affairs",
              (PROVINCE, INDEX, YEAR, USER)),
    PageEntry("pages/8_Ke_hoach.py", "Ke_hoach", N_("Plan import"), "📥", "home_affairs", (USER,)),
    PageEntry("pages/11_Nhap_ket_qua.py", "Nhap_ket_qua", N_("Enter results"), "🧾", "home_affairs", (USER,)),
    PageEntry("pages/12_Tai_khoan.py", "Tai_khoan", N_("Accounts"), "👤", "home_affairs", (USER,)),
    PageEntry("pages/10_Xuat_ban.py", "Xuat_ban", N_("Exports"), "📤", "briefing", (PROVINCE, YEAR, USER)),
)


def sections() -> dict[str, list[PageEntry]]:
    """Section title (in the run's language) -> its pages, in sidebar order."""
    return {_(title): [p for p in PAGES if p.section == key] for key, title in SECTIONS.items()}


def title(entry: PageEntry) -> str:
    return _(entry.title)


def page(url_path: str) -> PageEntry:
    """The entry of a page the code links to by its URL name; a name the table lacks is a defect."""
    found = [p for p in PAGES if p.url_path == url_path]
    if not found:
        raise KeyError(f"no page {url_path!r} in chiso.navigation.PAGES")
    return found[0]


def by_url(url_path: str) -> PageEntry:
    return next((p for p in PAGES if p.url_path == (url_path or "")), PAGES[0])


def by_file(path: str | Path) -> PageEntry | None:
    name = Path(path).name
    return next((p for p in PAGES if Path(p.file).name == name), None)
