"""What day it is for the user: Vietnam's date, whatever the server's clock zone.

Every date the app shows or writes (a task's "overdue", a report's or an export's date, the default
deadline, the latest year a build accepts) comes from here, so the tasks page and the deck never
disagree about today between 17:00 and 24:00 UTC, when it is already tomorrow in Vietnam.
"""
from __future__ import annotations

import datetime as dt

# Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
VN_TZ = dt.timezone(dt.timedelta(hours=7))


def today_vn() -> dt.date:
    return dt.datetime.now(VN_TZ).date()
