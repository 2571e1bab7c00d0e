"""The county's goals for 2007–2009 (实施方案 二): 20+ output bases, 40,000 rural workers
transferred, 100,000 working outside, 1 billion yuan of labor income a year. Pure."""
GOAL_START, GOAL_END = 2007, 2009

GOALS = [
    # (key, label, indicator, target, how the actual is read)
    ("bases", "输出基地(个)", "bases", 20, "level"),
    ("transferred", "累计转移农村劳动力(人)", "exported", 40000, "since_start"),
    ("working_outside", "常年在外务工(人)", "working_outside", 100000, "level"),
    ("labor_income", "年劳务收入(元)", "labor_income", 1_000_000_000, "year"),
]


def progress(level_now: dict, year_totals: dict, since_start: dict) -> list[dict]:
    """Rows of (goal, actual, percent). Each dict maps indicator -> county total: levels at the
    end of the year, the year's flows, and flows summed from 2007 to the year."""
    rows = []
    for key, label, indicator, target, how in GOALS:
        source = {"level": level_now, "year": year_totals, "since_start": since_start}[how]
        actual = source.get(indicator, 0)
        rows.append({"goal": key, "label": label, "indicator": indicator, "target": target,
                     "actual": actual, "percent": round(100.0 * actual / target, 1)})
    return rows
