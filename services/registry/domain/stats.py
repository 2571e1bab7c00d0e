"""The classifications the plan asks for (四(一): age structure, distribution, training
intention, industry choice, organization form): what each group_by means and its labels."""
from datetime import date

from .choices import EDUCATION, INDUSTRIES, SEX, STATUSES
from .labor_age import AGE_BANDS
from .regions import Regions

GROUPS = {
    "township": "乡镇", "village": "村", "age_band": "年龄段", "sex": "性别", "education": "文化程度",
    "industry": "意向行业", "organization": "组织形式", "status": "就业状态",
    "training_intention": "培训意向",
}
ORG_LABELS = {"organized": "有组织输出", "self": "自发外出", "none": "未外出"}
YES_NO = {"yes": "有", "no": "无"}


def band_bounds(today: date) -> list[tuple[str, str, str]]:
    """(band, born after (exclusive), born on or before) as ISO dates."""
    def years_before(n):
        try:
            return today.replace(year=today.year - n).isoformat()
        except ValueError:
            return today.replace(year=today.year - n, day=28).isoformat()
    return [(code, years_before(hi + 1), years_before(lo)) for code, lo, hi in AGE_BANDS]


def label(group_by: str, key, regions: Regions) -> str:
    if key is None or key == "":
        return "未填"
    if group_by == "township":
        return regions.townships.get(key, key)
    if group_by == "village":
        v = regions.villages.get(key)
        return v[0] if v else key
    if group_by == "age_band":
        return "其他" if key == "other" else f"{key} 岁"
    table = {"sex": SEX, "education": EDUCATION, "industry": INDUSTRIES, "status": STATUSES}.get(group_by)
    if table:
        return table.label(key)
    if group_by == "organization":
        return ORG_LABELS.get(key, key)
    if group_by == "training_intention":
        return YES_NO.get(key, key)
    return str(key)


def shape(group_by: str, counts: list[tuple], regions: Regions) -> dict:
    """counts: (key, persons, male, female) -> the JSON reply."""
    rows = [{"key": k, "label": label(group_by, k, regions), "persons": n, "male": m, "female": f}
            for k, n, m, f in counts]
    rows.sort(key=lambda r: (-r["persons"], str(r["key"])))
    return {"group_by": group_by, "group_label": GROUPS[group_by], "rows": rows,
            "total": sum(r["persons"] for r in rows)}
