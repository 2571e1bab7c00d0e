"""Months and reporting periods in the county's local time (UTC+8): an event belongs to the
month in which it happened in Neixiang, not in Greenwich. Pure."""
from datetime import date, datetime, timedelta, timezone

from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField

LOCAL = timezone(timedelta(hours=8))

PERIOD_TYPES = Choices([("monthly", "月报"), ("quarterly", "季报"), ("half-year", "半年报"),
                        ("annual", "年报")])
# days after the period's end by which the township's report is due (data, not code paths)
DUE_DAYS = {"monthly": 5, "quarterly": 10, "half-year": 15, "annual": 20}


def local_instant(value: str) -> str:
    """A sortable local timestamp for an ISO instant or a YYYY-MM-DD date (midnight local)."""
    if len(value) == 10:
        date.fromisoformat(value)
        return value + "T00:00:00.000000"
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M:%S.%f")


def month_of(value: str) -> str:
    """'YYYY-MM' of an ISO instant or date, in local time."""
    return local_instant(value)[:7]


def year_of(value: str) -> int:
    return int(month_of(value)[:4])


def months_of_year(year: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def parse_period(period_type: str, period: str) -> tuple[int, list[str]]:
    """(year, months) of a period: monthly 2026-03, quarterly 2026-Q1, half-year 2026-H1,
    annual 2026. Raises InvalidField naming `period`."""
    bad = InvalidField("报告期无效", {"period": _PERIOD_HINTS.get(period_type, "未知的报告类型")})
    if period_type not in PERIOD_TYPES:
        raise InvalidField("报告类型无效", {"period_type": "应为 月报/季报/半年报/年报"})
    try:
        year = int(period[:4])
    except ValueError:
        raise bad from None
    if not 2000 <= year <= 2100:
        raise bad
    rest = period[4:]
    if period_type == "annual" and rest == "":
        first, count = 1, 12
    elif period_type == "half-year" and rest in ("-H1", "-H2"):
        first, count = (1 if rest == "-H1" else 7), 6
    elif period_type == "quarterly" and rest in ("-Q1", "-Q2", "-Q3", "-Q4"):
        first, count = 3 * (int(rest[2]) - 1) + 1, 3
    elif period_type == "monthly" and len(rest) == 3 and rest[0] == "-" and rest[1:].isdigit() \
            and 1 <= int(rest[1:]) <= 12:
        first, count = int(rest[1:]), 1
    else:
        raise bad
    return year, [f"{year}-{m:02d}" for m in range(first, first + count)]


_PERIOD_HINTS = {"monthly": "月报期格式为 2026-03", "quarterly": "季报期格式为 2026-Q1",
                 "half-year": "半年报期格式为 2026-H1 或 2026-H2", "annual": "年报期格式为 2026"}


def period_end(months: list[str]) -> date:
    y, m = int(months[-1][:4]), int(months[-1][5:])
    first_next = date(y + (m == 12), m % 12 + 1, 1)
    return first_next - timedelta(days=1)


def due_date(period_type: str, months: list[str]) -> date:
    return period_end(months) + timedelta(days=DUE_DAYS[period_type])


def period_label(period_type: str, period: str) -> str:
    year = period[:4]
    if period_type == "annual":
        return f"{year} 年"
    if period_type == "half-year":
        return f"{year} 年{'上' if period.endswith('H1') else '下'}半年"
    if period_type == "quarterly":
        return f"{year} 年第{'一二三四'[int(period[-1]) - 1]}季度"
    return f"{year} 年 {int(period[5:])} 月"
