"""招聘广告 review and filing, the public filing lookup, and the public licence check."""
import pytest

from services.common.domain.errors import InvalidField, InvalidTransition, NotAllowed, NotFound, RuleBroken
from services.licensing.service_layer import ads, agencies
from tests.support.licensing_fakes import application_body

from .helpers import COMMERCE, LABOR, NOW, licensed_agency


def ad_body(agency_id=None, **over):
    b = {"submitter_type": "agency" if agency_id else "employer", "medium": "newspaper",
         "outlet": "南阳日报", "title": "招聘电子厂普工 50 名", "content": "昆山某电子厂招聘普工,月薪 4500 元起,包吃住。"}
    if agency_id:
        b["agency_id"] = agency_id
    else:
        b["employer_name"] = "昆山某电子有限公司"
    b.update(over)
    return b


def test_an_ad_is_approved_with_a_filing_number_and_announced():
    uow, agency = licensed_agency()
    ad = ads.submit(uow, ad_body(agency["_id"]), LABOR, now=NOW)
    assert ad["status"] == "submitted" and ad["employer_name"] == agency["name"]
    ad = ads.review(uow, ad["_id"], {"decision": "approve"}, LABOR, now=NOW)
    assert ad["status"] == "approved" and ad["filing_number"] == "内劳广备20260001"
    [event] = uow.events_of("ad.approved")
    assert event["data"]["filing_number"] == ad["filing_number"] and event["data"]["agency_id"] == agency["_id"]
    public = ads.lookup(uow, "内劳广备20260001")
    assert public["agency"]["status"] == "licensed" and public["medium_label"] == "报纸"
    with pytest.raises(InvalidTransition):
        ads.review(uow, ad["_id"], {"decision": "reject", "reason": "重复审核"}, LABOR)


def test_rejection_needs_a_reason_and_rejected_ads_are_not_public():
    uow = licensed_agency()[0]
    ad = ads.submit(uow, ad_body(), LABOR, now=NOW)
    with pytest.raises(InvalidField):
        ads.review(uow, ad["_id"], {"decision": "reject"}, LABOR)
    ad = ads.review(uow, ad["_id"], {"decision": "reject", "reason": "薪资表述不实"}, LABOR)
    assert ad["status"] == "rejected" and ad["filing_number"] is None and not uow.events_of("ad.approved")
    with pytest.raises(NotFound):
        ads.lookup(uow, "内劳广备20269999")


def test_only_operating_agencies_may_file_ads():
    uow, agency = licensed_agency(operating=False)
    with pytest.raises(RuleBroken, match="营业执照"):
        ads.submit(uow, ad_body(agency["_id"]), LABOR)
    agencies.decide(uow, agency["_id"], "suspend", LABOR, "整顿")
    with pytest.raises(RuleBroken):
        ads.submit(uow, ad_body(agency["_id"]), LABOR)
    with pytest.raises(InvalidField):
        ads.submit(uow, ad_body("nobody"), LABOR)
    with pytest.raises(InvalidField):
        ads.submit(uow, ad_body(employer_name=None) | {"employer_name": ""}, LABOR)
    with pytest.raises(NotAllowed):
        ads.submit(uow, ad_body(), COMMERCE)


def test_public_verification_by_name_or_licence_number():
    uow, agency = licensed_agency()
    applicant = agencies.apply(uow, application_body(2, name="内乡县待审职业介绍所"), LABOR)
    by_number = agencies.verify_public(uow, agency["license_number"])
    assert by_number["status"] == "licensed"
    [row] = by_number["matches"]
    assert row["score_band"] == "excellent" and row["operating"] is True
    assert "contact_phone" not in row and "staff" not in row and "score" not in row
    assert agencies.verify_public(uow, "待审职业")["status"] == "unknown"  # no licence yet
    assert agencies.verify_public(uow, "根本不存在的中介")["matches"] == []
    agencies.decide(uow, agency["_id"], "revoke", LABOR, "非法收费")
    assert agencies.verify_public(uow, "第1职业")["status"] == "revoked"
    with pytest.raises(InvalidField):
        agencies.verify_public(uow, "x")
    assert applicant["status"] == "applied"
