"""The jobs service's fakes: in-memory repositories answering the same named queries as the
Mongo ones, and test-data builders for employers, postings and agency events."""

import itertools
import uuid
from datetime import date, timedelta

from services.common.domain.errors import Duplicate
from services.common.domain.roles import in_region
from tests.support.fakes import FakeRepository, FakeUnitOfWork, clone

VALID_CREDIT_CODE = "91350100M000100Y43"
_codes = itertools.count(1)


def credit_code() -> str:
    """A fresh valid 统一社会信用代码 per call."""
    from services.common.domain.credit_code import check_character
    first17 = f"91320500MA{next(_codes):07d}"
    return first17 + check_character(first17)


def _page(rows, skip, limit, key="created_at"):
    rows.sort(key=lambda r: r.get(key) or r.get("created_at"), reverse=True)
    return rows[skip:skip + limit], len(rows)


def _match(row, query):
    for k, v in query.items():
        if isinstance(v, dict) and "$in" in v:
            if row.get(k) not in v["$in"]:
                return False
        elif row.get(k) != v:
            return False
    return True


class FakeEmployers(FakeRepository):
    unique = ("credit_code",)

    def page(self, query, skip, limit):
        return _page(self.where(lambda r: _match(r, query)), skip, limit)

    def choices(self, limit=1000):
        return sorted(((r["_id"], r["name"]) for r in self.rows.values()), key=lambda c: c[1])[:limit]

    def names(self, ids):
        return {i: self.rows[i]["name"] for i in ids if i in self.rows}

    def add_visit(self, employer_id, visit):
        row = self.editable(employer_id)
        row["visits"].append(visit)
        row["version"] += 1


class FakeStations(FakeRepository):
    unique = ("name",)

    def all(self):
        return sorted(self.where(lambda r: True), key=lambda r: r["name"])

    def vetted(self, station_id, employer_id):
        ids = self.editable(station_id).setdefault("employer_ids", [])
        if employer_id not in ids:
            ids.append(employer_id)


class FakeBases(FakeRepository):
    def page(self, query, skip, limit):
        return _page(self.where(lambda r: _match(r, query)), skip, limit)


class FakePostings(FakeRepository):
    def __init__(self):
        super().__init__()
        self.counters = {}

    def page(self, query, skip, limit):
        return _page(self.where(lambda r: _match(r, query)), skip, limit, "updated_at")

    @staticmethod
    def review_queue():
        return {"status": "submitted"}

    def active_of_agency(self, agency_id):
        return self.where(lambda r: r.get("agency_id") == agency_id
                          and r["status"] in ("draft", "submitted", "published"))

    def open_on(self, today, fields=None):
        return self.where(lambda r: r["status"] == "published" and r["valid_from"] <= today <= r["valid_until"])

    def past_end(self, today):
        return self.where(lambda r: r["status"] == "published" and r["valid_until"] < today)

    def next_filing_seq(self, year):
        self.counters[year] = self.counters.get(year, 0) + 1
        return self.counters[year]


class FakeAgencies(FakeRepository):
    def put(self, agency):
        self.rows[agency["_id"]] = dict(agency)

    def many(self, ids):
        return {i: dict(self.rows[i]) for i in ids if i in self.rows}


class FakeWorkers(FakeRepository):
    def put(self, profile):
        self.rows[profile["_id"]] = dict(profile)

    def put_many(self, profiles, new_ids=frozenset()):
        for p in profiles:
            if p["_id"] in new_ids and p["_id"] in self.rows:
                raise Duplicate("重复", {"_id": "已存在"})  # as the real insert would fail
            self.put(p)

    def many(self, ids):
        return {i: clone(self.rows[i]) for i in ids if i in self.rows}

    def visible_to(self, actor, query=None):
        return self.where(lambda r: in_region(actor, r["township_code"], r.get("village_code"))
                          and _match(r, query or {}))


class FakeOrders(FakeRepository):
    def page(self, query, skip, limit):
        return _page(self.where(lambda r: _match(r, query)), skip, limit)

    def use_by_base(self, base_ids):
        use = {}
        for r in self.rows.values():
            if r.get("base_id") in base_ids:
                placed, orders = use.get(r["base_id"], (0, 0))
                use[r["base_id"]] = (placed + r["placed"], orders + 1)
        return use


class FakeScoped(FakeRepository):
    def page_visible_to(self, actor, query, skip, limit):
        rows = self.where(lambda r: in_region(actor, r["township_code"], r.get("village_code"))
                          and _match(r, query))
        return _page(rows, skip, limit)


class FakeApplications(FakeScoped):
    def stale(self, before):
        return self.where(lambda r: r["status"] == "applied" and r["created_at"] <= before)

    def with_outcome(self):
        return self.where(lambda r: r["status"] in ("hired", "refused"))


class FakeFollowUps(FakeScoped):
    def add_many(self, tasks):
        for t in tasks:
            self.add(t)

    def replace(self, task):
        self.rows[task["_id"]] = dict(task)

    def page_visible_to(self, actor, query, skip, limit):
        rows = self.where(lambda r: in_region(actor, r["township_code"], r.get("village_code"))
                          and _match(r, query))
        rows.sort(key=lambda r: r["due_on"])
        return rows[skip:skip + limit], len(rows)


class FakeSubscriptions(FakeRepository):
    unique = ("code",)

    def by_code(self, code):
        return next(iter(self.where(lambda r: r["code"] == code)), None)

    def many(self, ids):
        return {i: clone(self.rows[i]) for i in ids if i in self.rows}

    def opted_in(self):
        return self.where(lambda r: r["status"] == "opted_in")

    def page_visible_to(self, actor, query, skip, limit):
        rows = self.where(lambda r: in_region(actor, r["township_code"], r.get("village_code"))
                          and _match(r, query))
        return _page(rows, skip, limit, "updated_at")


class FakeMessages(FakeScoped):
    """The day key is the _id, as in Mongo: a second message for the same person and day is
    not queued."""

    def queue(self, message):
        if message["_id"] in self.rows:
            return False
        self.add(message)
        return True

    def told_of(self, posting_id):
        return {r["person_id"] for r in self.rows.values() if r["posting_id"] == posting_id}

    def of_person(self, person_id, limit):
        return _page(self.where(lambda r: r["person_id"] == person_id), 0, limit)[0]

    def due(self, limit):
        return sorted(self.where(lambda r: r["status"] == "queued"), key=lambda r: r["created_at"])[:limit]

    def claim(self, message_id, now):
        row = self.rows.get(message_id)
        if not row or row["status"] != "queued":
            return False
        self.editable(message_id).update(status="sending", claimed_at=now)
        return True

    def stuck(self, before):
        return self.where(lambda r: r["status"] == "sending" and r["claimed_at"] < before)

    def finish(self, message):
        if self.rows.get(message["_id"], {}).get("status") != "sending":
            return False
        self.rows[message["_id"]] = clone(message)
        return True


class FakeNotices(FakeRepository):
    def add_once(self, notice):
        if notice["_id"] in self.rows:
            return False
        self.add(notice)
        return True

    def page_for(self, actor, unread, skip, limit):
        from services.jobs.domain.notifications import notice_for
        rows = self.where(lambda r: notice_for(r, actor) and not (unread and actor.id in r["read_by"]))
        return _page(rows, skip, limit)

    def mark_read(self, notice_id, user_id):
        if user_id not in self.rows[notice_id]["read_by"]:
            self.editable(notice_id)["read_by"].append(user_id)


class FakeJobsUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.employers = FakeEmployers()
        self.stations = FakeStations()
        self.bases = FakeBases()
        self.postings = FakePostings()
        self.agencies = FakeAgencies()
        self.workers = FakeWorkers()
        self.orders = FakeOrders()
        self.applications = FakeApplications()
        self.placements = FakeScoped()
        self.follow_ups = FakeFollowUps()
        self.subscriptions = FakeSubscriptions()
        self.sms = FakeMessages()
        self.notices = FakeNotices()


# ---- builders --------------------------------------------------------------------------
def employer_body(**over) -> dict:
    body = {"name": "苏州精密电子有限公司", "credit_code": credit_code(), "region": "江苏省苏州市",
            "city": "苏州", "industry": "electronics", "size": "large",
            "contacts": [{"name": "王经理", "phone": "13900000001"}]}
    body.update(over)
    return body


def posting_body(employer_id: str, today: date | None = None, **over) -> dict:
    today = today or date.today()
    body = {"title": "电子厂普工", "employer_id": employer_id, "industry": "electronics",
            "work_region": "yangtze_delta", "work_city": "苏州", "headcount": 50,
            "salary_min": 4500, "salary_max": 6000, "board": "both", "hours": "两班倒,每天 10 小时",
            "description": "流水线组装,包吃住,月薪 4500-6000 元",
            "requirements": {"age_min": 18, "age_max": 45, "education": "junior_high"},
            "valid_from": today.isoformat(), "valid_until": (today + timedelta(days=60)).isoformat()}
    body.update(over)
    return body


def agency_event(type_: str, agency_id: str, valid_until: str = "2099-12-31", **data) -> dict:
    body = {"agency_id": agency_id, "name": "内乡县人力资源服务有限公司", "license_number": "豫人社许字〔2026〕001号",
            "at": "2026-01-01T00:00:00Z"}
    if type_ in ("agency.licensed", "agency.renewed", "agency.reinstated"):
        body.update(credit_code=VALID_CREDIT_CODE, valid_until=valid_until, score=100)
    else:
        body.update(reason="违规收费")
    body.update(data)
    return {"id": str(uuid.uuid4()), "type": type_, "version": 1, "source": "licensing",
            "subject": agency_id, "occurred_at": "2026-01-01T00:00:00.000Z", "actor": None,
            "correlation_id": None, "data": body}
