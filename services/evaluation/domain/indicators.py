"""Indicators are counters per year and township, built from other services' events.
Pure rules: which counter an event moves."""
from datetime import datetime

INDICATORS = ("registered",)


def indicator_key(year: int, township_code: str) -> str:
    return f"{year}:{township_code}"


def year_of(iso_timestamp: str) -> int:
    return datetime.fromisoformat(iso_timestamp.replace("Z", "+00:00")).year


def registration_increment(event: dict) -> tuple[int, str, dict]:
    """person.registered -> (year, township, {indicator: +n})."""
    data = event["data"]
    return year_of(data["registered_at"]), data["township_code"], {"registered": 1}
