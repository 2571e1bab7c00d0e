"""The personal-data policy (docs/personal-data.md) as code: what each reader of a person
sees. Keepers of the person's region see the record; everyone else who may read it sees a
masked view in which no combination of fields rebuilds an ID number or a phone: no birth date
(birth year and age instead), the ID number reduced to its area (the county's own, known to
all) and the phone to its carrier prefix, and digit runs in free text masked."""
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.roles import in_region

from .labor_age import age_on
from .person import FREE_TEXT, WRITERS
from .text import mask_numbers_in


def sees_personal_data(user: Actor, person: dict) -> bool:
    """Full ID number and phone only for the register's keepers of that person's region."""
    return user.role in WRITERS and in_region(user, person["township_code"], person["village_code"])


def masked_id_number(value: str | None) -> str | None:
    # the area (6 digits) is the county's and public; birth date, sequence and check digit
    # are what identify, so none of them is kept
    return value[:6] + "*" * 12 if value else value


def masked_phone(value: str | None) -> str | None:
    return value[:3] + "*" * (len(value) - 3) if value else value


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def person_view(person: dict, user: Actor, today: date | None = None) -> dict:
    today = today or date.today()
    view = {k: _plain(v) for k, v in person.items() if not k.startswith("_")}
    view["id"] = person["_id"]
    birth = date.fromisoformat(person["birth_date"])
    view["birth_year"], view["age"] = birth.year, age_on(birth, today)
    view["masked"] = not sees_personal_data(user, person)
    if view["masked"]:
        view["id_number"] = masked_id_number(person.get("id_number"))
        view["phone"] = masked_phone(person.get("phone"))
        view.pop("birth_date", None)
        for key in FREE_TEXT:
            if key in view:
                view[key] = mask_numbers_in(view[key])
        # who keyed a record in is staff data, not for a reader outside the region
        for key in ("created_by", "updated_by", "status_log"):
            view.pop(key, None)
    return view
