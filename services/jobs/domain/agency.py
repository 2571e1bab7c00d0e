"""The jobs service's own table of licensed agencies (中介机构), kept from licensing's events:
an agency may post jobs only while its license is valid."""
from datetime import date

from services.common.domain.errors import NotFound, RuleBroken

STATUS_LABELS = {"licensed": "许可有效", "suspended": "已暂停", "revoked": "已吊销",
                 "expired": "已过期"}
# licensing event type -> the agency's status afterwards
STATUS_AFTER = {"agency.licensed": "licensed", "agency.renewed": "licensed", "agency.reinstated": "licensed",
                "agency.suspended": "suspended", "agency.revoked": "revoked",
                "agency.expired": "expired"}
# events that end an agency's right to recruit: its postings are withdrawn
STOPPING = ("agency.suspended", "agency.revoked", "agency.expired")
STOP_LABELS = {"agency.suspended": "被暂停", "agency.revoked": "被吊销", "agency.expired": "已过期"}


def licensed_on(agency: dict | None, today: date) -> bool:
    return bool(agency) and agency["status"] == "licensed" and agency.get("valid_until", "") >= today.isoformat()


def require_licensed(agency: dict | None, today: date) -> None:
    """Postings by an agency are accepted only while its license is valid."""
    if agency is None:
        raise NotFound("未找到该中介机构(尚未取得许可)", {"agency_id": "不是已许可的中介机构"})
    if not licensed_on(agency, today):
        why = "许可证已过期" if agency["status"] == "licensed" else STATUS_LABELS.get(agency["status"], agency["status"])
        raise RuleBroken(f"该中介机构{why},不能发布招聘信息", {"agency_id": why}, code="agency_not_licensed")


def apply_agency_event(agency: dict | None, event: dict) -> dict:
    """The local record after a licensing event (only listed contract fields are read)."""
    data = event["data"]
    agency = dict(agency or {"_id": data["agency_id"]})
    agency["status"] = STATUS_AFTER[event["type"]]
    agency["name"] = data["name"]
    agency["license_number"] = data["license_number"]
    if event["type"] not in STOPPING:
        agency["valid_until"] = data["valid_until"]
        agency["credit_code"] = data["credit_code"]
    else:
        agency["stop_reason"] = data["reason"]
    agency["changed_at"] = data["at"]
    return agency


def license_view(agency: dict | None, today: date) -> dict | None:
    if agency is None:
        return None
    valid = licensed_on(agency, today)
    return {"agency_id": agency["_id"], "name": agency["name"],
            "license_number": agency.get("license_number"),
            "valid_until": agency.get("valid_until"), "licensed": valid,
            "status_label": "许可有效" if valid else STATUS_LABELS.get(agency["status"], "许可无效")}
