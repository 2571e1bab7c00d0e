"""Licensing's fakes: in-memory repositories answering the same named queries as Mongo's."""
from services.licensing.domain import enforcement, scoring
from services.common.domain.credit_code import check_character as check_char
from tests.support.fakes import FakeRepository, FakeUnitOfWork


class FakeAgencies(FakeRepository):
    unique = ("credit_code",)

    def by_status(self, statuses, skip=0, limit=0):
        rows = self.where(lambda a: not statuses or a["status"] in statuses)
        rows.sort(key=lambda a: a["created_at"], reverse=True)
        return rows[skip:skip + limit if limit else None], len(rows)

    def search_public(self, q, limit=20):
        return sorted(self.where(lambda a: a.get("license_number") == q.upper() or q in a["name"]),
                      key=lambda a: a["name"])[:limit]

    def due_for_expiry(self, today_iso):
        return self.where(lambda a: a["status"] in ("licensed", "suspended") and a["valid_until"] < today_iso)

    def licensed_ids(self):
        return [a["_id"] for a in self.where(lambda a: a["status"] == "licensed")]

    def with_license(self):
        return self.where(lambda a: a.get("license_number") is not None)


class FakeInspections(FakeRepository):
    def of_agency(self, agency_id):
        return sorted(self.where(lambda i: i["agency_id"] == agency_id),
                      key=lambda i: i["inspected_on"], reverse=True)

    def of_draw(self, draw_id):
        return self.where(lambda i: i.get("draw_id") == draw_id)


class FakeAds(FakeRepository):
    def by_filing_number(self, number):
        rows = self.where(lambda a: a.get("filing_number") == number)
        return rows[0] if rows else None

    def by_status(self, status, skip, limit):
        rows = self.where(lambda a: not status or a["status"] == status)
        return rows[skip:skip + limit], len(rows)


class FakeTips(FakeRepository):
    def link_case(self, tip_id, case_id):
        if tip_id not in self.rows:
            return False
        self.editable(tip_id)["case_id"] = case_id
        return True

    def page_visible_to(self, actor, skip, limit):
        rows = self.where(lambda t: actor.role == "county_admin")
        return rows[skip:skip + limit], len(rows)


class FakeCases(FakeRepository):
    def page_visible_to(self, actor, status, skip, limit):
        rows = self.where(lambda c: enforcement.takes_part(c, actor) and (not status or c["status"] == status))
        return rows[skip:skip + limit], len(rows)

    def open_for_suspect(self, key):
        rows = self.where(lambda c: c["suspect_key"] == key and c["status"] != "closed")
        return rows[0] if rows else None


class FakeDraws(FakeRepository):
    def recent(self, limit=20):
        return self.where(lambda d: True)[:limit]


class FakeRules:
    def __init__(self):
        self.rows = {r["code"]: dict(r, active=True) for r in scoring.DEFAULT_RULES}

    def all(self):
        return {k: dict(v) for k, v in self.rows.items()}

    def put(self, rule):
        self.rows[rule["code"]] = dict(rule)


class FakeCounters:
    def __init__(self):
        self.values = {}

    def next(self, name, year):
        key = f"{name}:{year}"
        self.values[key] = self.values.get(key, 0) + 1
        return self.values[key]


class FakeLicensingUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.agencies, self.inspections, self.ads = FakeAgencies(), FakeInspections(), FakeAds()
        self.tips, self.cases, self.draws = FakeTips(), FakeCases(), FakeDraws()
        self.rules, self.counters = FakeRules(), FakeCounters()


def credit_code(n: int = 1) -> str:
    first17 = f"91411325MA{n:07d}"
    return first17 + check_char(first17)


def application_body(n: int = 1, **over) -> dict:
    body = {"name": f"内乡县第{n}职业介绍所", "credit_code": credit_code(n),
            "address": "内乡县城关镇菊潭大街 18 号", "legal_representative": "王建设",
            "contact_phone": "13937700001",
            "staff": [{"name": "李红", "certificate_number": f"ZJ2026{n:04d}01"},
                      {"name": "赵刚", "certificate_number": f"ZJ2026{n:04d}02"}],
            "service_scope": "职业介绍、劳务输出信息咨询", "fee_schedule": [{"item": "职业介绍费", "amount": 100}],
            "documents": ["营业场所证明", "从业人员资格证书"]}
    body.update(over)
    return body
