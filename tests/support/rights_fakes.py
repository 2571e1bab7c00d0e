"""The rights service's fakes: in-memory cases, agencies and drafts answering the same named
queries as the Mongo repositories (visibility through domain.access.can_read)."""


from services.rights.domain.access import can_read
from tests.support.fakes import FakeRepository, FakeUnitOfWork, clone


class FakeCaseRepository(FakeRepository):
    unique = ("receipt_number",)

    @staticmethod
    def _matches(case: dict, filters: dict) -> bool:
        for k, v in filters.items():
            value = case.get(k)
            if isinstance(v, dict):
                if "$in" in v and value not in v["$in"]:
                    return False
                if "$lt" in v and not value < v["$lt"]:
                    return False
            elif value != v:
                return False
        return True

    def page_visible_to(self, actor, filters: dict, skip: int, limit: int):
        rows = self.where(lambda c: can_read(actor, c) and self._matches(c, filters))
        rows.sort(key=lambda c: c["received_at"], reverse=True)
        return rows[skip:skip + limit], len(rows)

    def all_visible_to(self, actor, since=None, until=None):
        return self.where(lambda c: can_read(actor, c)
                          and (since is None or c["received_at"] >= since)
                          and (until is None or c["received_at"] < until))

    def by_receipt(self, receipt):
        found = self.where(lambda c: c["receipt_number"] == receipt)
        return found[0] if found else None

    def by_referral(self, referral_id):
        found = self.where(lambda c: any(r["id"] == referral_id for r in c["referrals"]))
        return found[0] if found else None

    def referral_box(self, department, side, states):
        key = "to_department" if side == "inbox" else "from_department"
        return self.where(lambda c: any(r[key] == department and r["state"] in states
                                        for r in c["referrals"]))

    def legal_aid_queue(self, states):
        return self.where(lambda c: c.get("legal_aid") and c["legal_aid"]["state"] in states)


class FakeAgencyRepository(FakeRepository):
    def upsert(self, agency_id, fields, at):
        current = self.rows.get(agency_id)
        if current and current.get("at", "") > at:
            return
        self.rows[agency_id] = {**(current or {}), "_id": agency_id, **fields, "at": at}

    def search(self, q, limit=20):
        return [clone(a) for a in self.rows.values() if q in a["name"]][:limit]


class FakeDraftRepository(FakeRepository):
    def add_once(self, draft):
        if draft["_id"] in self.rows:
            return False
        self.add(draft)
        return True

    def set_state(self, draft_id, state, case_id, at):
        self.editable(draft_id).update(state=state, case_id=case_id, updated_at=at)

    def open_drafts(self, limit=200):
        return self.where(lambda d: d["state"] == "open")[:limit]


class FakeRightsUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.cases = FakeCaseRepository()
        self.agencies = FakeAgencyRepository()
        self.drafts = FakeDraftRepository()


def complaint_body(**over) -> dict:
    """A hotline complaint of unpaid wages against an employer, valid by default."""
    body = {"channel": "hotline", "category": "wage_arrears",
            "complainant": {"name": "王秀兰", "phone": "13937712345"},
            "respondent": {"type": "employer", "name": "苏州某电子厂"},
            "amount_claimed": 12000, "place": "江苏省苏州市", "township_code": "411325100",
            "description": "三个月工资未发,老板失联。"}
    body.update(over)
    return body
