"""The public job search: the index answers, the live agency table says whether each
agency's license is valid today (shown on every agency posting)."""
from datetime import date

from services.common.domain.errors import NotFound

from ..domain.agency import license_view
from ..domain.posting import findable


def search_postings(uow, index, params, today: date) -> dict:
    result = index.search(params)
    agency_ids = {i["agency_id"] for i in result["items"] if i.get("agency_id")}
    if agency_ids:
        with uow:
            agencies = uow.agencies.many(agency_ids)
        for item in result["items"]:
            if item.get("agency_id"):
                item["agency"] = license_view(agencies.get(item["agency_id"]), today)
    return result


def public_posting(uow, posting_id: str, today: date) -> dict:
    """One posting as anyone may see it: only while findable, with no contact phones."""
    with uow:
        posting = uow.postings.get(posting_id)
        if posting is None or not findable(posting, today):
            raise NotFound("该招聘信息不存在或已下架", {"id": "不可查询"})
        agency = uow.agencies.get(posting["agency_id"]) if posting.get("agency_id") else None
        employer = uow.employers.get(posting["employer_id"]) or {}
    keep = ("title", "employer_name", "industry", "work_region", "work_city", "headcount", "salary_min",
            "salary_max", "hours", "board", "description", "requirements", "training_offered",
            "contract_terms", "valid_from", "valid_until", "filing_number")
    out = {k: posting.get(k) for k in keep}
    out.update(id=posting["_id"], published_at=posting["published_at"].isoformat(),
               employer_region=employer.get("region"), employer_vetted=bool(employer.get("visits")),
               agency=license_view(agency, today))
    return out
