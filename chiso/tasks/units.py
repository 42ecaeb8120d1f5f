"""The bodies a task is given to: an office named with its department, a unit typed as the province
already writes it, one body's several names as one (`data/catalog/plan_units.csv`'s `same_as`: "Ủy ban
nhân dân tỉnh" is "UBND tỉnh"), and the bodies merged away (the provinces' departments on 1 March 2025,
the districts on 1 July 2025: `data/catalog/plan_units.csv`'s `since`, `until` and `successor`), which a
list or a report names with the body that took their work, and whose tasks that body answers for."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from chiso import catalog, fmt
from chiso.clock import today_vn
from chiso.i18n import _
from chiso.names import fold


def unit_of_body(unit: str, body: str | None) -> str:
    """An office inside one department named with that department: "Văn phòng Sở" of Sở Công Thương's
    plan is "Văn phòng Sở Công Thương", "Tất cả các phòng" of Sở Xây dựng's "Tất cả các phòng (Sở Xây
    dựng)". Two departments' plans both name a "Văn phòng Sở"; unqualified, their tasks merged under
    one unit in every list, filter and unit account of the province. A unit the catalog does not
    list as internal (`data/catalog/plan_units.csv`, scope `internal`) is kept as written."""
    unit, body = (unit or "").strip(), (body or "").strip()
    if body.startswith("Sở "):  # "Sở Công Thương tỉnh Bình Phước": the province goes without saying
        body = re.sub(r"\s+(tỉnh|thành phố)\s.*$", "", body)
    if not unit or not body or body.casefold() in unit.casefold() or unit not in _internal_units():
        return unit
    if body.startswith("Sở ") and unit.endswith(" Sở"):
        return unit[:-len("Sở")] + body
    return f"{unit} ({body})"


def known_spelling(unit: str, known) -> str:
    """`unit` as the province already writes it when it differs from a known unit only in diacritics,
    case or spacing: "van phong so cong thuong", typed without a Vietnamese keyboard, is "Văn phòng Sở
    Công Thương", one unit in every list, filter and unit account, not a second one. `known`: the
    units the province's tasks name and the catalog's (`data/catalog/plan_units.csv`). Kept as
    written when nothing or more than one known spelling reads alike; a body by its one name (`one_name`)."""
    unit = (unit or "").strip()
    key = fold(unit)
    alike = {k for k in known if k and k != unit and fold(k) == key}
    return one_name(alike.pop() if key and len(alike) == 1 and unit not in known else unit)


def one_name(unit: str) -> str:
    """The name the catalog gives a body that plans write in several ways (`plan_units.csv`'s `same_as`):
    "Ủy ban nhân dân tỉnh" is "UBND tỉnh", "Các sở, ngành" is "Các sở, ban, ngành tỉnh". Two names of one
    body were two units in the choice of a lead unit, and two rows of a quarter's summary by unit. Read
    without case or diacritics; any other unit as it is, and so an office named without its department:
    "Các phòng chuyên môn" of one department's list and "Các phòng chuyên môn thuộc Sở" of another's are
    two departments' offices (`unit_of_body` names each with its department; an internal row's `same_as`
    only keeps the variant out of the choice of units)."""
    return _same_as().get(fold(unit or ""), unit)


def names_of_body(unit: str) -> tuple[str, ...]:
    """`unit` and the body's other names in the catalog: the lead units a filter on it takes (a task saved
    as "Ủy ban nhân dân tỉnh" before the body had one name is "UBND tỉnh"'s)."""
    one = fold(one_name(unit or ""))
    return tuple(dict.fromkeys([unit, *(u for u in catalog_units() if one and fold(one_name(u)) == one)]))


@lru_cache(maxsize=1)
def _same_as() -> dict[str, str]:
    return {fold(r["unit"]): (r.get("same_as") or "").strip() for r in catalog.plan_units()
            if (r.get("same_as") or "").strip() and (r.get("scope") or "").strip() != "internal"}


def known_spellings(units, known) -> tuple[str, ...]:
    """Each of `units` as the province writes it (`known_spelling`), each once (a partner list)."""
    return tuple(dict.fromkeys(known_spelling(u, known) for u in units))


def closest_units(unit: str, leading: list[str]) -> list[str] | None:
    """A unit's account updates only the tasks its unit leads, named as the tasks name it: None when
    `unit` leads some of `leading` (the province's tasks' lead units), else the names closest to it
    (a typo, or "Văn phòng Sở" for "Văn phòng Sở Công Thương"), perhaps none."""
    import difflib

    if not unit or unit in leading or any(unit in answering_units(u) for u in leading):  # or took their work
        return None
    return difflib.get_close_matches(unit, leading, n=3, cutoff=0.5) or \
        [u for u in leading if u.casefold().startswith(unit.casefold())][:3]


def catalog_units() -> list[str]:
    """The departments, authorities and offices the catalog names (`data/catalog/plan_units.csv`), those
    that no longer exist among them: plans of earlier years name them, and their tasks keep the name.
    A body's other names too (`same_as`): a unit typed so is read as the catalog's name (`one_name`)."""
    return [r["unit"].strip() for r in catalog.plan_units() if (r.get("unit") or "").strip()]


@dataclass(frozen=True)
class UnitEnded:
    """A body the catalog says no longer exists: its last day, and the body that took its work."""
    until: dt.date
    successor: str
    source: str

    def text(self) -> str:
        """"đến 28/02/2025; nay là Sở Nông nghiệp và Môi trường" (fmt.date: dd/mm/yyyy in Vietnamese)."""
        return _("until {date}; now {successor}", date=fmt.date(self.until), successor=self.successor)


@lru_cache(maxsize=1)
def _unit_dates() -> dict[str, tuple[dt.date | None, UnitEnded | None]]:
    dates = {}
    for r in catalog.plan_units():
        unit = (r.get("unit") or "").strip()
        since, until = (r.get("since") or "").strip(), (r.get("until") or "").strip()
        ended = UnitEnded(dt.date.fromisoformat(until), (r.get("successor") or "").strip(),
                          (r.get("source") or "").strip()) if until else None
        dates[unit] = (dt.date.fromisoformat(since) if since else None, ended)
    return dates


def unit_ended(unit: str, on: dt.date | None = None) -> UnitEnded | None:
    """How a body merged away before `on` (today) ended: the provinces' departments merged on 1 March
    2025, the districts' People's Committees ended on 1 July 2025. None for a body in office, or unknown."""
    ended = _unit_dates().get((unit or "").strip(), (None, None))[1]
    return ended if ended is not None and ended.until < (on or today_vn()) else None


def unit_named_on(unit: str, on: dt.date | None = None) -> str:
    """A task's lead unit as a list or report of `on` (today) names it: as the plan wrote it, by the body's
    one name (a task saved as "Ủy ban nhân dân tỉnh" before `one_name` is "UBND tỉnh"'s), and, once it
    merged away, the body that took its work ("Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi
    trường)"), so that a report to UBND tỉnh in 2026 says who answers for the task now."""
    unit = one_name(unit)
    ended = unit_ended(unit, on)
    return _("{unit} (now {successor})", unit=unit, successor=ended.successor) if ended and ended.successor else unit


def answering_units(lead_unit: str, on: dt.date | None = None) -> tuple[str, ...]:
    """Who answers for a task led by `lead_unit` on `on` (today): the unit, and once it merged away the
    body that took its work: Sở Nông nghiệp và Môi trường's account updates the tasks an earlier plan gave
    Sở Tài nguyên và Môi trường, as the quarterly report names them ("… (nay là …)", `unit_named_on`)."""
    ended = unit_ended(lead_unit, on)
    return (lead_unit, ended.successor) if ended and ended.successor else (lead_unit,)


def with_successors(units) -> list[str]:
    """Lead units and, after each merged away, the body that took its work: the units a filter offers
    (choosing Sở Nông nghiệp và Môi trường lists Sở Tài nguyên và Môi trường's tasks too)."""
    return list(dict.fromkeys(a for u in units for a in answering_units(u)))


def merged_into(unit: str, on: dt.date | None = None) -> tuple[str, ...]:
    """The bodies that merged into `unit` before `on` (today): the lead units whose tasks it answers for
    besides its own (Sở Tài nguyên và Môi trường and Sở Nông nghiệp và Phát triển nông thôn for Sở Nông
    nghiệp và Môi trường)."""
    key = fold(unit or "")
    return tuple(u for u in _unit_dates() if key and (ended := unit_ended(u, on)) and fold(ended.successor) == key)


def in_office(unit: str, on: dt.date | None = None) -> bool:
    """Whether a task may be given to `unit` on `on` (today): not merged away, not formed later. A unit
    the catalog does not know (typed, or a province's own office) is taken as it is written."""
    on = on or today_vn()
    since = _unit_dates().get((unit or "").strip(), (None, None))[0]
    return unit_ended(unit, on) is None and (since is None or since <= on)


@lru_cache(maxsize=1)
def _internal_units() -> frozenset[str]:
    return frozenset(r["unit"].strip() for r in catalog.plan_units() if (r.get("scope") or "").strip() == "internal")
