"""Search criteria for the register: checked and normalised here (pure), turned into a
MongoDB filter by storage/persons.py and into a predicate for the in-memory fake."""
import unicodedata
from datetime import date

from services.common.domain.errors import InvalidField

from .choices import DESTINATIONS, EDUCATION, INDUSTRIES, SEX, STATUSES
from .id_number import InvalidIdNumber, parse_id_number
from .labor_age import AGE_BANDS
from .text import ascii_code, is_ascii_digits

SORTS = {"created_at", "updated_at", "name", "birth_date", "village_code"}
CHOICE_FILTERS = {"status": STATUSES, "sex": SEX, "education": EDUCATION,
                  "intended_industry": INDUSTRIES, "intended_region": DESTINATIONS}
BOOL_FILTERS = ("new_entrant", "organized_willing", "has_training_intention", "trained",
                "duplicate_suspect", "labor_age")
TEXT_FILTERS = ("name", "skill")


def parse_criteria(args: dict, today: date) -> dict:
    """args: raw query parameters (strings). Returns clean criteria; InvalidField otherwise."""
    out, problems = {}, {}
    for key in ("township_code", "village_code"):
        if args.get(key):
            value = ascii_code(args[key])
            digits = 9 if key == "township_code" else 12
            if is_ascii_digits(value, digits):
                out[key] = value
            else:
                problems[key] = f"须为 {digits} 位数字代码"
    if args.get("id_number"):
        try:
            out["id_number"] = parse_id_number(args["id_number"], today).value
        except InvalidIdNumber as e:
            problems["id_number"] = str(e)
    if args.get("phone"):
        out["phone"] = ascii_code(args["phone"])[:20]
    for key, choices in CHOICE_FILTERS.items():
        value = args.get(key)
        if value:
            code = choices.code_for(value)
            if code is None:
                problems[key] = "不是可选的取值"
            else:
                out[key] = code
    for key in TEXT_FILTERS:
        value = (args.get(key) or "").strip()
        if value:
            if len(value) > 30:
                problems[key] = "过长"
            elif any(unicodedata.category(ch)[0] == "C" for ch in value):
                problems[key] = "含有控制字符"
            else:
                out[key] = value
    for key in BOOL_FILTERS:
        value = args.get(key)
        if value:
            if value not in ("true", "false"):
                problems[key] = "须为 true 或 false"
            else:
                out[key] = value == "true"
    band = args.get("age_band")
    if band:
        match = [b for b in AGE_BANDS if b[0] == band]
        if not match:
            problems["age_band"] = "取值应为:" + "、".join(b[0] for b in AGE_BANDS)
        else:
            _, lo, hi = match[0]
            out["born_after"] = _years_before(today, hi + 1)    # exclusive
            out["born_on_or_before"] = _years_before(today, lo)
    # the ledger's order (village, then as registered) by default: a region's page of it is read
    # without reading the region (storage/persons.py, _village_page)
    sort = args.get("sort") or "village_code"
    if sort.lstrip("-") not in SORTS:
        problems["sort"] = "可按:" + "、".join(sorted(SORTS))
    else:
        out["sort"] = sort
    if problems:
        raise InvalidField("查询条件有误", problems)
    return out


def _years_before(today: date, years: int) -> str:
    try:
        return today.replace(year=today.year - years).isoformat()
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28).isoformat()


def matches(p: dict, c: dict) -> bool:
    """The in-memory meaning of the criteria (the fake repository uses it)."""
    simple = ("township_code", "village_code", "id_number", "phone", "status", "sex", "education")
    if any(k in c and p.get(k) != c[k] for k in simple):
        return False
    if "name" in c and not p.get("name", "").startswith(c["name"]):
        return False
    if "skill" in c and c["skill"] not in (p.get("skills") or []):
        return False
    if "intended_industry" in c and c["intended_industry"] not in (p.get("intended_industries") or []):
        return False
    if "intended_region" in c and c["intended_region"] not in (p.get("intended_regions") or []):
        return False
    if "new_entrant" in c and bool(p.get("new_entrant")) != c["new_entrant"]:
        return False
    if "organized_willing" in c and bool(p.get("organized_willing")) != c["organized_willing"]:
        return False
    if "has_training_intention" in c and bool(p.get("training_intention")) != c["has_training_intention"]:
        return False
    if "trained" in c and bool(p.get("trainings")) != c["trained"]:
        return False
    if "duplicate_suspect" in c and bool(p.get("duplicate_suspects")) != c["duplicate_suspect"]:
        return False
    if "labor_age" in c and bool(p.get("beyond_labor_age")) == c["labor_age"]:
        return False
    if "born_after" in c and not c["born_after"] < p["birth_date"] <= c["born_on_or_before"]:
        return False
    return True
