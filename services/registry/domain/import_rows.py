"""Reading the townships' own spreadsheets (pure): find the header row under any title rows,
match headers through a synonym table, and turn each row into a registration body. Enums come
as codes or Chinese labels, dates as Excel dates or text, villages by code, full name or the
short name people write (书院村 for 书院村民委员会)."""
import re
from datetime import date, datetime

from .choices import (CHILDBEARING, DESTINATIONS, EDUCATION, ETHNICITIES, HEALTH, HUKOU,
                      INDUSTRIES, MARITAL, NEW_ENTRANT_REASONS)
from .regions import Regions
from .text import ascii_code, mask_numbers

SYNONYMS = {
    "name": ("姓名", "名字"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
    "township": ("乡镇", "乡(镇)", "所属乡镇", "乡镇名称", "乡镇(街道)"),
    "village": ("村", "行政村", "村(社区)", "村名", "所属村", "村(居)委会"),
    "group_name": ("组", "村民组", "组别", "村民小组"),
    "household_id": ("户号", "户编号"),
    "ethnicity": ("民族",),
    "hukou_type": ("户口性质", "户籍性质"),
    "education": ("文化程度", "学历"),
    "health": ("健康状况", "身体状况"),
    "marital_status": ("婚姻状况",),
    "childbearing": ("生育状况",),
    "skills": ("技能特长", "技能", "专业技能", "特长"),
    "job_intention": ("就业意向", "务工意向"),
    "intended_industries": ("意向行业", "行业意向"),
    "intended_regions": ("意向地区", "务工去向意向", "意向去向"),
    "expected_wage": ("期望月薪", "期望工资", "期望月收入"),
    "training_intention": ("培训意向",),
    "organized_willing": ("愿意有组织输出", "是否愿意有组织输出", "有组织输出意愿"),
    "new_entrant": ("新增劳动力", "是否新增劳动力"),
    "new_entrant_reason": ("新增原因",),
    "notes": ("备注",),
}
REQUIRED = ("name", "id_number", "phone", "village")
_BY_HEADER = {re.sub(r"\s+", "", s): field for field, names in SYNONYMS.items() for s in names}
ENUMS = {"education": EDUCATION, "health": HEALTH, "marital_status": MARITAL,
         "childbearing": CHILDBEARING, "hukou_type": HUKOU, "ethnicity": ETHNICITIES,
         "new_entrant_reason": NEW_ENTRANT_REASONS}
LISTS = {"intended_industries": INDUSTRIES, "intended_regions": DESTINATIONS}
_SPLIT = re.compile(r"[、,,;;/\s]+")


def field_of(header) -> str | None:
    return _BY_HEADER.get(re.sub(r"\s+", "", str(header or "")).replace("*", ""))


class HeaderNotFound(ValueError):
    pass


def find_header(rows, look: int = 20) -> tuple[int, dict[int, str]]:
    """(index of the header row, column -> field) among the first `look` rows: the first row
    naming 姓名 and 身份证号 (by any synonym). Title rows above it are skipped."""
    for i, row in enumerate(rows[:look]):
        columns = {j: field_of(cell) for j, cell in enumerate(row) if field_of(cell)}
        if {"name", "id_number"} <= set(columns.values()):
            missing = [f for f in REQUIRED if f not in columns.values()]
            if missing:
                names = "、".join(SYNONYMS[f][0] for f in missing)
                raise HeaderNotFound(f"缺少必需的列:{names}")
            return i, columns
    raise HeaderNotFound("找不到表头:前 20 行中没有同时含“姓名”和“身份证号”的行")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)   # a phone or ID typed as a number: 13912345678.0
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


class VillageIndex:
    """Villages by code, full name and short name; ambiguity is resolved by the township."""
    def __init__(self, regions: Regions):
        self.regions = regions
        self.town_by_name = {n: c for c, n in regions.townships.items()}
        self.by_name: dict[str, list[str]] = {}
        for code, (name, _town) in regions.villages.items():
            for key in {name, short_name(name)}:
                self.by_name.setdefault(key, []).append(code)

    def township(self, text: str) -> tuple[str | None, str | None]:
        if not text:
            return None, None
        code = ascii_code(text)
        if code in self.regions.townships:
            return code, None
        for name, c in self.town_by_name.items():
            if text in (name, name.rstrip("镇乡")):
                return c, None
        return None, f"未知的乡镇“{mask_numbers(text)}”"

    def village(self, text: str, town: str | None) -> tuple[str | None, str | None]:
        code = ascii_code(text)
        if code in self.regions.villages:
            return code, None
        found = [c for c in self.by_name.get(text, []) if town is None or c.startswith(town)]
        if len(found) == 1:
            return found[0], None
        if not found:
            return None, f"未知的村“{mask_numbers(text)}”" + ("(该乡镇下没有此村)" if town else "")
        return None, f"村名“{text}”在多个乡镇都有,请填写乡镇"


def short_name(full: str) -> str:
    """书院村民委员会 -> 书院村, 县衙社区居民委员会 -> 县衙社区."""
    for suffix, keep in (("村民委员会", "村"), ("居民委员会", ""), ("村委会", "村"), ("居委会", "")):
        if full.endswith(suffix):
            return full[: -len(suffix)] + keep
    return full


def _yes_no(text: str) -> bool | None:
    if text in ("是", "愿意", "Y", "y", "yes", "true", "1", "√"):
        return True
    if text in ("否", "不愿意", "N", "n", "no", "false", "0", ""):
        return False
    return None


def row_body(row, columns: dict[int, str], villages: VillageIndex) -> tuple[dict, dict]:
    """(registration body, field -> reason). Fields are the API's; reasons in Chinese."""
    raw = {field: _text(row[j]) if j < len(row) else "" for j, field in columns.items()}
    body, problems = {}, {}
    for field in ("name", "id_number", "phone"):
        if not raw.get(field):
            problems[field] = "必填"
        else:
            body[field] = raw[field]
    town, why = villages.township(raw.get("township", ""))
    if why:
        problems["township_code"] = why
    if raw.get("village"):
        village, why = villages.village(raw["village"], town)
        if why:
            problems["village_code"] = why
        else:
            body["village_code"], body["township_code"] = village, village[:9]
            if town and town != village[:9]:
                problems["village_code"] = "该村不属于所填乡镇"
    else:
        problems["village_code"] = "必填"
    for field, choices in ENUMS.items():
        if raw.get(field):
            code = choices.code_for(raw[field])
            if code is None:
                problems[field] = f"无法识别“{mask_numbers(raw[field])}”"
            else:
                body[field] = code
    for field, choices in LISTS.items():
        if raw.get(field):
            codes = [choices.code_for(t) for t in _SPLIT.split(raw[field]) if t]
            if None in codes:
                problems[field] = f"无法识别“{mask_numbers(raw[field])}”"
            else:
                body[field] = list(dict.fromkeys(codes))
    if raw.get("skills"):
        body["skills"] = [s[:30] for s in _SPLIT.split(raw["skills"]) if s][:20]
    for field in ("group_name", "household_id", "job_intention", "training_intention", "notes"):
        if raw.get(field):
            body[field] = raw[field]
    for field in ("organized_willing", "new_entrant"):
        if field in raw:
            value = _yes_no(raw[field])
            if value is None:
                problems[field] = "须为“是”或“否”"
            else:
                body[field] = value
    if raw.get("expected_wage"):
        wage = ascii_code(raw["expected_wage"])
        if wage.isascii() and wage.isdigit() and int(wage) <= 100000:
            body["expected_wage"] = int(wage)
        else:
            problems["expected_wage"] = "须为 0-100000 的整数"
    return body, problems


def column_label(field: str) -> str:
    """The column a problem belongs to, as the spreadsheet names it."""
    field = {"township_code": "township", "village_code": "village"}.get(field, field)
    return SYNONYMS.get(field, (field,))[0]
