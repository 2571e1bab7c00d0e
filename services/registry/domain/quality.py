"""Data quality of the register (动态管理): how complete each record is (the fields the plan
asks for) and whether it was confirmed within the last year, summed per township and village."""
from datetime import datetime, timedelta

PLAN_FIELDS = ("name", "id_number", "phone", "township_code", "village_code", "group_name",
               "household_id", "ethnicity", "hukou_type", "health", "marital_status",
               "childbearing", "education", "skills", "job_intention", "training_intention",
               "organized_willing")
PROJECTION = {f: 1 for f in PLAN_FIELDS} | {"confirmed_at": 1, "updated_at": 1, "intended_industries": 1}


def filled(person: dict, field: str) -> bool:
    value = person.get(field)
    if field == "job_intention":
        return bool(value) or bool(person.get("intended_industries"))
    if field == "organized_willing":
        return value is not None
    return value not in (None, "", [])


def completeness(person: dict) -> float:
    return sum(filled(person, f) for f in PLAN_FIELDS) / len(PLAN_FIELDS)


def confirmed_recently(person: dict, now: datetime) -> bool:
    at = person.get("confirmed_at") or person.get("updated_at")
    if at is None:
        return False
    if at.tzinfo is None:
        at = at.replace(tzinfo=now.tzinfo)
    return at >= now - timedelta(days=365)


class Tally:
    def __init__(self):
        self.persons, self.complete_sum, self.confirmed = 0, 0.0, 0

    def add(self, person: dict, now: datetime) -> None:
        self.persons += 1
        self.complete_sum += completeness(person)
        self.confirmed += confirmed_recently(person, now)

    def figures(self) -> dict:
        n = self.persons or 1
        return {"persons": self.persons, "completeness": round(self.complete_sum / n, 4),
                "confirmed_within_year": round(self.confirmed / n, 4)}


def measure(persons, now: datetime) -> dict:
    """township -> {figures, villages: {village -> figures}} over an iterable of records."""
    towns: dict[str, Tally] = {}
    villages: dict[str, Tally] = {}
    for p in persons:
        towns.setdefault(p["township_code"], Tally()).add(p, now)
        villages.setdefault(p["village_code"], Tally()).add(p, now)
    return {t: dict(tally.figures(), villages={v: villages[v].figures() for v in sorted(villages)
                                               if v.startswith(t)})
            for t, tally in sorted(towns.items())}
