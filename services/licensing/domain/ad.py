"""招聘广告: an ad for a newspaper, radio, TV or the web is reviewed and filed by the labor
department before it runs (四(二)); approval gives it a filing number the public can look up. Pure."""
import uuid
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, NotAllowed, RuleBroken
from services.common.domain.workflow import Workflow

from .agency import is_operating

MEDIA = Choices([("newspaper", "报纸"), ("radio", "广播"), ("tv", "电视"), ("web", "网络"),
                 ("poster", "海报/传单")])
SUBMITTERS = Choices([("employer", "用人单位"), ("agency", "职业中介机构")])
STATUSES = Choices([("submitted", "待审核"), ("approved", "已备案"), ("rejected", "未通过")])
REVIEW = Workflow("ad", {("submitted", "approve"): "approved", ("submitted", "reject"): "rejected"},
                  STATUSES.as_dict(), {"approve": "审核通过", "reject": "驳回"})
# employers and agencies file at the labor office's window; its staff enter and review
CLERKS = ("county_admin",)
READERS = ("county_admin", "leader", "commerce_officer")

AD_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["submitter_type", "medium", "outlet", "title", "content"],
    "properties": {
        "submitter_type": SUBMITTERS.schema(),
        "agency_id": {"type": "string", "minLength": 1, "maxLength": 40},
        "employer_name": {"type": "string", "minLength": 2, "maxLength": 60},
        "medium": MEDIA.schema(),
        "outlet": {"type": "string", "minLength": 2, "maxLength": 60,
                   "description_error": "须填写刊播媒体名称"},
        "title": {"type": "string", "minLength": 2, "maxLength": 100},
        "content": {"type": "string", "minLength": 10, "maxLength": 5000,
                    "description_error": "广告内容须为 10-5000 字"},
    },
}
REVIEW_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["decision"],
                 "properties": {"decision": {"enum": ["approve", "reject"],
                                             "x-labels": {"approve": "通过", "reject": "驳回"}},
                                "reason": {"type": "string", "minLength": 2, "maxLength": 500}}}


def new_ad(body: dict, agency: dict | None, actor: Actor, now: datetime) -> dict:
    if actor.role not in CLERKS:
        raise NotAllowed("无权登记招聘广告")
    if body["submitter_type"] == "agency":
        if agency is None:
            raise InvalidField("须指明中介机构", {"agency_id": "必填"})
        if not is_operating(agency):
            raise RuleBroken("该中介机构不在正常经营状态(须持有效许可证和营业执照),不能发布招聘广告",
                             {"agency_id": "未在经营"})
        employer_name = agency["name"]
    else:
        if not body.get("employer_name"):
            raise InvalidField("须填写用人单位名称", {"employer_name": "必填"})
        employer_name = body["employer_name"].strip()
    return {"_id": uuid.uuid4().hex, "submitter_type": body["submitter_type"],
            "agency_id": agency["_id"] if agency else None, "employer_name": employer_name,
            "medium": body["medium"], "outlet": body["outlet"], "title": body["title"],
            "content": body["content"], "status": "submitted", "filing_number": None,
            "reason": None, "log": [], "created_at": now, "created_by": actor.audit(), "version": 1}


def review(ad: dict, decision: str, reason: str | None, actor: Actor, now: datetime,
           filing_number: str | None) -> None:
    if actor.role not in CLERKS:
        raise NotAllowed("无权审核招聘广告")
    if decision == "reject" and not reason:
        raise InvalidField("驳回须说明理由", {"reason": "必填"})
    ad["status"], entry = REVIEW.apply(ad["status"], decision, actor, now, reason)
    ad["log"].append(entry)
    ad["reason"] = reason
    if decision == "approve":
        ad["filing_number"], ad["approved_at"] = filing_number, now


def public_ad(ad: dict, agency: dict | None) -> dict:
    """What anyone holding the filing number may see: the ad's filing and its agency's status."""
    return {"filing_number": ad["filing_number"], "title": ad["title"], "medium": ad["medium"],
            "medium_label": MEDIA.label(ad["medium"]), "outlet": ad["outlet"],
            "employer_name": ad["employer_name"], "status": ad["status"],
            "approved_on": ad["approved_at"].date().isoformat() if ad.get("approved_at") else None,
            "agency": ({"name": agency["name"], "license_number": agency["license_number"],
                        "status": agency["status"]} if agency else None)}
