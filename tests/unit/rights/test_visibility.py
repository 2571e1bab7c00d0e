"""The visibility matrix: who reads which case, and who sees the complainant in full.
Checked on the pure rule (can_read / case_view) and through the list use case."""
import pytest

from services.common.domain.errors import NotAllowed, NotFound
from services.rights.domain.case import case_view, public_status
from services.rights.service_layer import cases, legal_aid, referrals
from services.rights.storage.cases import CaseRepository
from tests.support.factories import OTHER_TOWN, actor

from .helpers import COMMERCE, JUSTICE, POLICE, STAFF, TODAY, later, new_case, refer_to

ADMIN, LEADER, TOWNSHIP = actor("county_admin"), actor("leader"), actor("township_staff")
OTHER_TOWNSHIP = actor("township_staff", region=OTHER_TOWN)
LIAISON, WORKER = actor("village_liaison"), actor("worker", department=None)
EVERYONE = {"rights_staff": STAFF, "county_admin": ADMIN, "leader": LEADER,
            "township": TOWNSHIP, "other_township": OTHER_TOWNSHIP, "liaison": LIAISON,
            "worker": WORKER, "police": POLICE, "commerce": COMMERCE, "justice": JUSTICE}


def scenario():
    """One case referred to police (accepted, with consent); one plain case; one with legal aid."""
    uow, referred = new_case(complainant={"name": "王秀兰", "phone": "13937712345",
                                          "consent_to_share": True})
    _, r = refer_to(uow, referred)
    referrals.act(uow, r["id"], "accept", POLICE, {}, now=later())
    _, plain = new_case(uow)
    _, aided = new_case(uow, township_code=OTHER_TOWN)
    legal_aid.request(uow, aided["_id"], STAFF, "需要代理仲裁", now=later())
    return uow, {"referred": referred["_id"], "plain": plain["_id"], "aided": aided["_id"]}


READS = {  # who -> which of the three cases it may read
    "rights_staff": {"referred", "plain", "aided"}, "county_admin": {"referred", "plain", "aided"},
    "leader": set(), "township": {"referred", "plain"}, "other_township": {"aided"},
    "liaison": set(), "worker": set(), "police": {"referred"}, "commerce": set(),
    "justice": {"aided"},
}


@pytest.mark.parametrize("who", list(EVERYONE))
def test_who_reads_which_case(who):
    uow, ids = scenario()
    user = EVERYONE[who]
    for name, case_id in ids.items():
        if name in READS[who]:
            assert cases.get_case(uow, case_id, user)["_id"] == case_id
        else:
            with pytest.raises((NotFound, NotAllowed)):
                cases.get_case(uow, case_id, user)
    if who in ("leader", "worker"):
        with pytest.raises(NotAllowed):
            cases.list_cases(uow, user, {}, 1, 50)
    else:
        listed = {c["_id"] for c in cases.list_cases(uow, user, {}, 1, 50)[0]}
        assert listed == {ids[n] for n in READS[who]}


FULL = {"rights_staff": {"referred", "plain", "aided"}, "police": {"referred"}}


@pytest.mark.parametrize("who", [w for w in READS if READS[w]])
def test_who_sees_the_complainant_in_full(who):
    uow, ids = scenario()
    user = EVERYONE[who]
    for name in READS[who]:
        view = case_view(uow.cases.get(ids[name]), user, TODAY)
        full = name in FULL.get(who, set())
        assert (view["complainant"]["name"] == "王秀兰") is full
        assert (view["complainant"]["phone"] == "13937712345") is full
        if not full:
            assert view["complainant"]["name"] == "王**" and view["complainant"]["phone"] == "139****2345"


def test_police_sees_the_complainant_only_once_shared_and_accepted():
    uow, case = new_case()
    _, r = refer_to(uow, case, override_reason="紧急")
    pending = case_view(uow.cases.get(case["_id"]), POLICE, TODAY)
    assert pending["personal_data_masked"]  # asked, not yet working the case
    referrals.act(uow, r["id"], "accept", POLICE, {}, now=later())
    assert not case_view(uow.cases.get(case["_id"]), POLICE, TODAY)["personal_data_masked"]


def test_a_confidential_complainant_is_hidden_from_everyone_but_the_center():
    uow, case = new_case(complainant={"name": "李四", "phone": "13800000000", "confidential": True,
                                      "consent_to_share": True})
    _, r = refer_to(uow, case)
    referrals.act(uow, r["id"], "accept", POLICE, {}, now=later())
    stored = uow.cases.get(case["_id"])
    assert case_view(stored, POLICE, TODAY)["complainant"]["name"] == "(保密)"
    assert case_view(stored, POLICE, TODAY)["complainant"]["phone"] is None
    assert case_view(stored, STAFF, TODAY)["complainant"]["name"] == "李四"


def test_the_public_status_shows_no_personal_data():
    uow, case = new_case(complainant={"name": "王秀兰", "phone": "13937712345",
                                      "consent_to_share": True},
                         respondent={"type": "employer", "name": "苏州某电子厂"})
    refer_to(uow, case)
    status = cases.status_by_receipt(uow, case["receipt_number"])
    text = str(status)
    for secret in ("王秀兰", "13937712345", "苏州某电子厂", "rights_staff", "三个月工资"):
        assert secret not in text
    assert status["state_label"] == "已受理登记"
    assert [s["label"] for s in status["steps"]] == ["投诉已登记", "已转相关部门协办"]
    with pytest.raises(NotFound):
        cases.status_by_receipt(uow, "WQ00000000XXXXXX")


def test_the_mongo_scope_query_matches_the_rule_for_department_officers():
    assert CaseRepository.visible_to(POLICE)["$or"][0] == {"owner_department": "police"}
    assert {"legal_aid": {"$ne": None}} in CaseRepository.visible_to(JUSTICE)["$or"]
    assert CaseRepository.visible_to(STAFF) == {}
    assert CaseRepository.visible_to(WORKER) == CaseRepository.visible_to(LEADER)
    # a police_officer with another department in its token handles nothing
    assert "$or" not in CaseRepository.visible_to(actor("police_officer", department="labor"))
    assert public_status  # imported for the domain-level check above
