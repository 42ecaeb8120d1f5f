"""What day and time it is for the user: Vietnam's, whatever the server's clock zone.

Every date the app shows or writes (a task's "overdue", a report's or an export's date, the default
deadline, the latest year a build accepts) comes from here, so the tasks page and the deck never
disagree about today between 17:00 and 24:00 UTC, when it is already tomorrow in Vietnam. Every
time a stored record shows (a task's update, an account's change, a result's entry) is Vietnam's too
(`local_time`).
"""
from __future__ import annotations

import datetime as dt

# Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
VN_TZ = dt.timezone(dt.timedelta(hours=7))


def today_vn() -> dt.date:
    return dt.datetime.now(VN_TZ).date()


def local_time(ts: dt.datetime) -> str:
    """A stored timestamp (naive UTC, as every store keeps them) as Vietnamese officials read it:
    dd/mm/yyyy HH:MM, Vietnam's time. A result entered at 18:39 UTC read "29/11/2026 18:39 UTC" on
    the results page while a task saved the same minute read "30/11/2026 01:39"."""
    return ts.replace(tzinfo=dt.timezone.utc).astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
