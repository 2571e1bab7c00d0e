"""The four ledgers (台帐) of the plan, 四(一)/四(二): each a view of the register with its own
columns and base filter. Rows are plain lists of cell values (pure), written to xlsx by the
export adapter; the 农村富余劳动力登记表 columns are also the import layout, so an exported
ledger imports back unchanged."""
from dataclasses import dataclass
from datetime import date
from typing import Callable

from .choices import (CHILDBEARING, DESTINATIONS, EDUCATION, HEALTH, HUKOU, INDUSTRIES, MARITAL,
                      NEW_ENTRANT_REASONS, PAYERS, SEX, STATUSES)
from .labor_age import age_on
from .privacy import masked_id_number, masked_phone
from .regions import Regions
from .text import mask_numbers


def _yes(v) -> str:
    return "是" if v else "否"


def _labels(choices, codes) -> str:
    return "、".join(choices.label(c) for c in codes or [])


@dataclass(frozen=True)
class Ledger:
    code: str
    title: str
    base: dict                      # criteria every row of this ledger meets
    columns: list[tuple[str, Callable]]   # (header, cell(person, ctx))
    per: str = "person"             # or "training": one row per training record


class Ctx:
    """What a cell needs besides the person: region names, today, and whether to mask."""
    def __init__(self, regions: Regions, today: date, masked: bool):
        self.regions, self.today, self.masked = regions, today, masked

    def town(self, p):
        return self.regions.townships.get(p["township_code"], p["township_code"])

    def village(self, p):
        v = self.regions.villages.get(p["village_code"])
        return v[0] if v else p["village_code"]

    def id_number(self, p):
        return masked_id_number(p["id_number"]) if self.masked else p["id_number"]

    def phone(self, p):
        return masked_phone(p.get("phone")) if self.masked else p.get("phone")

    def birth(self, p):
        return p["birth_date"][:4] if self.masked else p["birth_date"]

    def text(self, value):
        return mask_numbers(value) if self.masked else value


def _emp(key):
    return lambda p, c: (p.get("employment") or {}).get(key)


PERSON_COLUMNS = [
    ("乡镇", lambda p, c: c.town(p)), ("村", lambda p, c: c.village(p)),
    ("组", lambda p, c: p.get("group_name")), ("户号", lambda p, c: p.get("household_id")),
    ("姓名", lambda p, c: p["name"]), ("性别", lambda p, c: SEX.label(p["sex"])),
    ("身份证号", lambda p, c: c.id_number(p)), ("出生日期", lambda p, c: c.birth(p)),
    ("年龄", lambda p, c: age_on(date.fromisoformat(p["birth_date"]), c.today)),
]

LEDGERS = {
    "surplus": Ledger("surplus", "农村富余劳动力登记表", {}, PERSON_COLUMNS + [
        ("民族", lambda p, c: p.get("ethnicity")),
        ("户口性质", lambda p, c: HUKOU.label(p.get("hukou_type"))),
        ("文化程度", lambda p, c: EDUCATION.label(p.get("education"))),
        ("健康状况", lambda p, c: HEALTH.label(p.get("health"))),
        ("婚姻状况", lambda p, c: MARITAL.label(p.get("marital_status"))),
        ("生育状况", lambda p, c: CHILDBEARING.label(p.get("childbearing"))),
        ("联系电话", lambda p, c: c.phone(p)),
        ("技能特长", lambda p, c: c.text("、".join(p.get("skills") or []))),
        ("就业状态", lambda p, c: STATUSES.label(p["status"])),
        ("就业意向", lambda p, c: c.text(p.get("job_intention"))),
        ("意向行业", lambda p, c: _labels(INDUSTRIES, p.get("intended_industries"))),
        ("意向地区", lambda p, c: _labels(DESTINATIONS, p.get("intended_regions"))),
        ("期望月薪", lambda p, c: p.get("expected_wage")),
        ("培训意向", lambda p, c: c.text(p.get("training_intention"))),
        ("愿意有组织输出", lambda p, c: _yes(p.get("organized_willing"))),
    ]),
    "migrant": Ledger("migrant", "外出务工人员情况登记表", {"status": "migrant"}, PERSON_COLUMNS + [
        ("文化程度", lambda p, c: EDUCATION.label(p.get("education"))),
        ("联系电话", lambda p, c: c.phone(p)),
        ("务工单位", lambda p, c: c.text(_emp("employer")(p, c))),
        ("务工城市", _emp("city")),
        ("去向", lambda p, c: DESTINATIONS.label(_emp("destination")(p, c))),
        ("行业", lambda p, c: INDUSTRIES.label(_emp("industry")(p, c))),
        ("外出时间", _emp("start_date")),
        ("月收入", _emp("monthly_income")),
        ("组织形式", lambda p, c: "有组织输出" if _emp("organized")(p, c) else "自发外出"),
    ]),
    "training": Ledger("training", "外出务工人员培训情况登记表", {"trained": True}, PERSON_COLUMNS[:8] + [
        ("培训项目", lambda t, c: c.text(t["course"])), ("培训机构", lambda t, c: t.get("institution")),
        ("课时", lambda t, c: t["hours"]), ("开始日期", lambda t, c: t["started_on"]),
        ("结束日期", lambda t, c: t["ended_on"]), ("证书", lambda t, c: c.text(t.get("certificate"))),
        ("费用来源", lambda t, c: PAYERS.label(t.get("paid_by"))),
    ], per="training"),
    "new_entrant": Ledger("new_entrant", "新增劳动力情况登记表", {"new_entrant": True}, PERSON_COLUMNS + [
        ("文化程度", lambda p, c: EDUCATION.label(p.get("education"))),
        ("新增原因", lambda p, c: NEW_ENTRANT_REASONS.label(p.get("new_entrant_reason"))),
        ("技能特长", lambda p, c: c.text("、".join(p.get("skills") or []))),
        ("就业意向", lambda p, c: c.text(p.get("job_intention"))),
        ("培训意向", lambda p, c: c.text(p.get("training_intention"))),
        ("联系电话", lambda p, c: c.phone(p)),
    ]),
}


def headers(ledger: Ledger) -> list[str]:
    return [h for h, _ in ledger.columns]


def rows(ledger: Ledger, person: dict, ctx: Ctx):
    """The ledger's rows for one person (one per training in the training ledger)."""
    n_person = len(PERSON_COLUMNS[:8]) if ledger.per == "training" else None
    if ledger.per == "training":
        head = [f(person, ctx) for _, f in ledger.columns[:n_person]]
        for t in person.get("trainings") or []:
            yield head + [f(t, ctx) for _, f in ledger.columns[n_person:]]
    else:
        yield [f(person, ctx) for _, f in ledger.columns]
