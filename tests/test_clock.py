"""One "today" for the whole app: Vietnam's date (UTC+7), never the server's. Between 17:00 and
24:00 UTC the tasks page, the deck, the exports and the report all say tomorrow's date."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

from chiso import clock
from chiso.deck.pack import pack_name

ROOT = Path(__file__).resolve().parent.parent
UTC_EVENING = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.timezone.utc)  # 03:00 on 27/11 in Hà Nội


class _Frozen(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return UTC_EVENING.astimezone(tz) if tz else UTC_EVENING.replace(tzinfo=None)


def test_an_evening_in_utc_is_tomorrow_in_vietnam(monkeypatch):
    monkeypatch.setattr(clock, "dt", SimpleNamespace(datetime=_Frozen, timezone=dt.timezone, timedelta=dt.timedelta))
    assert clock.today_vn() == dt.date(2026, 11, 27)
    assert "27-11-2026" in pack_name("42", 2024)  # the briefing pack is named by Vietnam's date


def test_no_other_module_asks_the_server_for_today():
    """`date.today()` / `datetime.now()` without a zone is the server's clock: only chiso.clock decides."""
    naive = re.compile(r"\bdate\.today\(\)|datetime\.now\(\)")
    found = [f"{p.relative_to(ROOT)}:{n}" for folder in ("chiso", "pages", "etl") for p in sorted((ROOT / folder).rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if naive.search(line)]
    assert not [f for f in found if not f.startswith("chiso/clock.py")], found


def test_a_stored_time_is_shown_in_vietnams_time():
    """Stores keep naive UTC; what an official reads is Vietnam's clock, the date included."""
    assert clock.local_time(dt.datetime(2026, 11, 29, 18, 39)) == "30/11/2026 01:39"
    assert clock.local_time(dt.datetime(2026, 11, 30, 2, 5)) == "30/11/2026 09:05"


def test_no_module_formats_a_stored_time_itself():
    """A result's entry time was shown in UTC ("29/11/2026 18:39 UTC") on Nhập kết quả and by `chiso
    results list`, while a task saved the same minute read "30/11/2026 01:39": one rule, chiso.clock."""
    clock_format = re.compile(r"%H:%M")
    found = [f"{p.relative_to(ROOT)}:{n}" for folder in ("chiso", "pages") for p in sorted((ROOT / folder).rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if clock_format.search(line)]
    assert [where.rsplit(":", 1)[0] for where in found] == ["chiso/clock.py"], found
