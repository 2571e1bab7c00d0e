"""Postings whose right answers to the acceptance queries are known (普工, 电子厂, 钢筋工,
包吃住, 月薪5000), plus ones that must never be found (withdrawn, expired, draft)."""
from datetime import date, datetime, time, timedelta, timezone

TODAY = date.today()


def posting(pid, title, employer, industry, region, city, lo, hi, board, description="", skills=(),
            status="published", age_days=1, valid_days=60, agency_id=None, version=3):
    published = datetime.combine(TODAY - timedelta(days=age_days), time(9), tzinfo=timezone.utc)
    return {"_id": pid, "title": title, "employer_name": employer, "employer_id": "e-" + pid,
            "industry": industry, "work_region": region, "work_city": city, "headcount": 10,
            "salary_min": lo, "salary_max": hi, "board": board, "description": description,
            "requirements": {"skills": list(skills)}, "status": status, "hours": "8 小时",
            "filing_number": f"内劳招备〔{TODAY.year}〕{pid}号" if status != "draft" else None,
            "published_at": published if status != "draft" else None,
            "valid_from": (TODAY - timedelta(days=age_days)).isoformat(),
            "valid_until": (TODAY + timedelta(days=valid_days)).isoformat(),
            "agency_id": agency_id, "version": version}


POSTINGS = [
    posting("p01", "电子厂普工", "苏州精密电子有限公司", "electronics", "yangtze_delta", "苏州", 4500, 6000, "both",
            "手机配件流水线组装,两班倒"),
    posting("p02", "电子厂操作工", "东莞华达电子厂", "electronics", "pearl_delta", "东莞", 5000, 7000, "lodging",
            "贴片机操作,长白班"),
    posting("p03", "钢筋工", "河南建工集团", "construction", "in_province", "郑州", 7000, 9000, "none",
            "钢筋绑扎、下料,有证优先", skills=["钢筋"]),
    posting("p04", "建筑普工", "上海城建劳务公司", "construction", "yangtze_delta", "上海", 5500, 6500, "both",
            "工地杂工,配合钢筋班组搬运"),
    posting("p05", "服装厂缝纫工", "杭州织美服饰", "garment", "yangtze_delta", "杭州", 4000, 8000, "both",
            "计件工资,多劳多得", age_days=30),
    posting("p06", "小区保安", "北京安泰物业", "security", "bohai", "北京", 3500, 4000, "both", "24 小时轮班"),
    posting("p07", "餐厅服务员", "南阳宛府酒家", "catering", "in_province", "南阳", 2800, 3500, "food", "传菜、点餐"),
    posting("p08", "物流分拣员", "昆山顺达物流", "logistics", "yangtze_delta", "昆山", 4800, 5500, "lodging",
            "快递分拣,夜班补贴"),
    posting("p09", "质检员", "宁波电子元件公司", "electronics", "yangtze_delta", "宁波", 4200, 4800, "lodging",
            "电子元件外观检验"),
    posting("p10", "电子厂普工", "内乡县人力资源服务有限公司代招", "electronics", "pearl_delta", "深圳", 4800, 6200,
            "both", "中介代招,免费体检", agency_id="ag-1"),
    # never findable
    posting("x01", "电子厂普工", "已撤回电子厂", "electronics", "yangtze_delta", "无锡", 5000, 6000, "both",
            status="withdrawn", version=4),
    posting("x02", "普工", "过期电子厂", "electronics", "yangtze_delta", "常州", 5000, 6000, "both",
            age_days=70, valid_days=-1),
    posting("x03", "钢筋工", "待审核建筑公司", "construction", "in_province", "洛阳", 8000, 9000, "none",
            status="submitted", version=2),
]

# the right answers (ids, in any order unless a test says so)
EXPECTED = {
    "普工": {"p01", "p04", "p10"},
    "电子厂": {"p01", "p02", "p10"},
    "钢筋工": {"p03"},
    "包吃住": {"p01", "p04", "p05", "p06", "p10"},
    "月薪5000": {"p01", "p02", "p03", "p04", "p05", "p08", "p10"},
    "电子厂 包吃住": {"p01", "p10"},
}
FINDABLE = {p["_id"] for p in POSTINGS if p["_id"].startswith("p")}
