"""Rules for a person in the labor-resource register (劳动力资源档案). Pure: no I/O.

Text is normalised before it is checked or stored (text.py): ID numbers, phones and region
codes in ASCII (so one number in full-width digits is the same number), names checked per
character. Every change is attributed and kept: values of ordinary fields, only the names of
personal ones (name, ID number, phone), so the change log is no second copy of them."""
import uuid
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, OutOfRegion, RuleBroken
from services.common.domain.roles import REGISTER_KEEPERS, in_region

from .choices import (CHILDBEARING, DESTINATIONS, EDUCATION, ETHNICITIES, HEALTH, HUKOU,
                      INDUSTRIES, MARITAL, NEW_ENTRANT_REASONS, SEX, STATUSES)
from .id_number import InvalidIdNumber, parse_id_number
from .labor_age import LaborAges, age_on
from .regions import Regions
from .text import ascii_code, is_ascii_digits, name_problem, phone_problem

__all__ = ["STATUSES", "SEX", "EDUCATION", "HEALTH", "MARITAL", "DESTINATIONS", "INDUSTRIES"]

WRITERS = tuple(sorted(REGISTER_KEEPERS))
READERS = WRITERS + ("leader",)
PERSONAL_FIELDS = ("name", "id_number", "phone")
FREE_TEXT = ("job_intention", "training_intention", "notes", "health_detail", "skills",
             "certificates")

_text = lambda n, why="过长", least=0: {"type": "string", "minLength": least, "maxLength": n, "description_error": why}  # noqa: E731
_list = lambda n: {"type": "array", "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": n}}  # noqa: E731
_codes = lambda choices: {"type": "array", "maxItems": 10, "uniqueItems": True, "items": choices.schema()}  # noqa: E731

# Shapes only: code-like strings are normalised and checked in the domain (a JSON Schema
# pattern's `$` matches before a trailing newline, and `\d` matches any script's digits).
PERSON_PROPERTIES = {
    "name": _text(60, "须为 2-30 个字"),
    "id_number": _text(40, "须为 18 位身份证号", 15),
    "phone": _text(40, "须为 11 位手机号或带区号的固定电话", 7),
    "township_code": _text(30, "须为 9 位乡镇代码", 9),
    "village_code": _text(40, "须为 12 位村代码", 12),
    "group_name": _text(20),
    "household_id": _text(64),
    "ethnicity": ETHNICITIES.schema(),
    "hukou_type": HUKOU.schema(),
    "health": HEALTH.schema(),
    "health_detail": _text(100),
    "marital_status": MARITAL.schema(),
    "childbearing": CHILDBEARING.schema(),
    "education": EDUCATION.schema(),
    "skills": _list(30),
    "certificates": _list(50),
    "job_intention": _text(100),
    "intended_industries": _codes(INDUSTRIES),
    "intended_regions": _codes(DESTINATIONS),
    "expected_wage": {"type": "integer", "minimum": 0, "maximum": 100000},
    "training_intention": _text(100),
    "organized_willing": {"type": "boolean"},
    "new_entrant": {"type": "boolean"},
    "new_entrant_reason": NEW_ENTRANT_REASONS.schema(),
    "notes": _text(500),
}
PERSON_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["name", "id_number", "phone", "township_code", "village_code"],
    "properties": PERSON_PROPERTIES,
}
PATCH_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["version"],
    "properties": dict(PERSON_PROPERTIES, version={"type": "integer", "minimum": 1}),
}


def clean_fields(body: dict, regions: Regions, today: date, current: dict | None = None) -> dict:
    """The body's values normalised and checked; raises InvalidField naming every bad field.
    `current` (for an edit) supplies the region codes the body does not change."""
    out, problems = {}, {}
    for key, value in body.items():
        if key == "version":
            continue
        if key == "name":
            value, why = name_problem(value)
        elif key == "phone":
            value, why = phone_problem(value)
        elif key == "id_number":
            try:
                parsed = parse_id_number(value, today)
                value, why = parsed.value, None
                out["birth_date"], out["sex"] = parsed.birth_date.isoformat(), parsed.sex
            except InvalidIdNumber as e:
                why = str(e)
        elif key in ("township_code", "village_code"):
            value = ascii_code(value)
            digits = 9 if key == "township_code" else 12
            why = None if is_ascii_digits(value, digits) else f"须为 {digits} 位数字代码"
        elif isinstance(value, str):
            value, why = value.strip(), None
            if key == "group_name" and not value:
                value = None
        elif isinstance(value, list):
            value, why = [v.strip() for v in value if v.strip()], None
        else:
            why = None
        if why:
            problems[key] = why
        else:
            out[key] = value
    if "township_code" in body or "village_code" in body:
        town = out.get("township_code", (current or {}).get("township_code"))
        village = out.get("village_code", (current or {}).get("village_code"))
        if "township_code" not in problems and "village_code" not in problems:
            problems.update(regions.problems(town, village))
    if out.get("new_entrant_reason") and not out.get("new_entrant", (current or {}).get("new_entrant")):
        problems["new_entrant_reason"] = "仅新增劳动力需填写"
    if problems:
        raise InvalidField("人员信息有误", problems)
    return out


def new_person(body: dict, user: Actor, regions: Regions, now: datetime,
               today: date | None = None, ages: LaborAges = LaborAges()) -> dict:
    """Check a registration and build the stored record; raises a DomainError."""
    if user.role not in WRITERS:
        raise NotAllowed(f"角色“{user.role}”不能登记人员")
    today = today or now.date()
    values = clean_fields(body, regions, today)
    if not in_region(user, values["township_code"], values["village_code"]):
        raise OutOfRegion("只能登记本辖区的人员")
    birth = date.fromisoformat(values["birth_date"])
    if age_on(birth, today) < ages.minimum:
        raise RuleBroken("未到劳动年龄", {"id_number": f"未满 {ages.minimum} 周岁,不属于劳动力"})
    person = dict(values)
    # past the labor ages (settings) a person stays on the register but is not counted as
    # labor: flagged, so ledgers and statistics can leave them out (labor_age=true)
    person["beyond_labor_age"] = ages.problem(values["sex"], birth, today) is not None
    person.update({
        "_id": uuid.uuid4().hex,
        "status": "surplus",
        "new_entrant": bool(values.get("new_entrant", False)),
        "skills": values.get("skills", []),
        "created_at": now, "created_by": user.audit(),
        "updated_at": now, "updated_by": user.audit(),
        "confirmed_at": now,
        "version": 1,
        "status_log": [],
    })
    return person


def check_keeper(user: Actor, person: dict) -> None:
    """Only the register's keepers of the person's region change it."""
    if user.role not in WRITERS:
        raise NotAllowed("无权修改人员档案")
    if not in_region(user, person["township_code"], person["village_code"]):
        raise OutOfRegion("无权修改其他辖区的人员")


def apply_patch(person: dict, body: dict, user: Actor, regions: Regions, now: datetime) -> tuple[dict, dict]:
    """(updated person, change entry). A move to another region must stay within the user's."""
    check_keeper(user, person)
    values = clean_fields(body, regions, now.date(), current=person)
    changed = {k: v for k, v in values.items() if person.get(k) != v}
    updated = dict(person, **changed)
    if not in_region(user, updated["township_code"], updated["village_code"]):
        raise OutOfRegion("不能把人员迁出本辖区")
    personal = {"birth_date", "sex", *PERSONAL_FIELDS}
    entry = change_entry(person, changed, personal, user, now, "updated")
    updated.update(updated_at=now, updated_by=user.audit(), confirmed_at=now)
    return updated, entry


def change_entry(before: dict, changed: dict, personal: set, user: Actor, now: datetime,
                 action: str) -> dict:
    return {"at": now, "by": user.audit(), "action": action, "fields": sorted(changed),
            "values": {k: {"old": before.get(k), "new": v} for k, v in changed.items()
                       if k not in personal}}


def age_of(person: dict, today: date) -> int:
    return age_on(date.fromisoformat(person["birth_date"]), today)
