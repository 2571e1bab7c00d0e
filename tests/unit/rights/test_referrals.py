"""Referral between departments (accept as owner or co-handler, reject, revoke; who may),
consent before sharing personal data, transfer (ownership moves), inboxes and events."""
import pytest

from services.common.domain.errors import InvalidField, InvalidTransition, NotAllowed, NotFound, RuleBroken
from services.rights.domain.workflow import REFERRAL_WORKFLOW
from services.rights.service_layer import cases, referrals

from .helpers import COMMERCE, JUSTICE, POLICE, STAFF, advance, later, new_case, refer_to

CONSENTED = {"consent_to_share": True}


def consented_case(uow=None, **over):
    return new_case(uow, complainant={"name": "王秀兰", "phone": "13937712345", **CONSENTED}, **over)


def test_a_referral_without_consent_needs_an_audited_override():
    uow, case = new_case()
    with pytest.raises(RuleBroken) as e:
        refer_to(uow, case)
    assert "override_reason" in e.value.fields and not uow.events_of("case.referred")
    case, referral = refer_to(uow, case, override_reason="涉嫌犯罪,需公安立即核实身份")
    assert referral["sharing"] == {"basis": "override", "reason": "涉嫌犯罪,需公安立即核实身份"}
    override = [t for t in case["timeline"] if t["action"] == "consent_override"]
    assert override and override[0]["by"]["username"] == "rights_staff"


def test_recorded_consent_lets_the_referral_share():
    uow, case = new_case()
    cases.record_consent(uow, case["_id"], STAFF, True, "电话中同意", now=later())
    case, referral = refer_to(uow, case)
    assert referral["sharing"] == {"basis": "consent"} and "police" in case["shared_with"]
    [event] = uow.events_of("case.referred")
    assert event["data"]["to_department"] == "police" and event["data"]["from_department"] == "labor"
    assert "王秀兰" not in str(event)


def test_only_the_rights_center_records_consent():
    uow, case = new_case()
    from tests.support.factories import actor
    with pytest.raises(NotAllowed):
        cases.record_consent(uow, case["_id"], actor("county_admin"), True, None, now=later())


@pytest.mark.parametrize("action, body, state", [
    ("accept", {}, "accepted"), ("accept", {"as": "owner"}, "accepted"),
    ("reject", {"reason": "不属于公安管辖"}, "rejected"),
])
def test_the_receiving_department_answers(action, body, state):
    uow, case = consented_case()
    case, referral = refer_to(uow, case)
    case, referral = referrals.act(uow, referral["id"], action, POLICE, body, now=later(1))
    assert referral["state"] == state
    type_ = {"accept": "referral.accepted", "reject": "referral.rejected"}[action]
    [event] = uow.events_of(type_)
    assert event["data"]["referral_id"] == referral["id"]
    if body.get("as") == "owner":
        assert case["owner_department"] == "police" and event["data"]["accepted_as"] == "owner"
    else:
        assert case["owner_department"] == "labor"


def test_reject_and_revoke_need_a_reason():
    uow, case = consented_case()
    _, referral = refer_to(uow, case)
    with pytest.raises(InvalidField):
        referrals.act(uow, referral["id"], "reject", POLICE, {}, now=later())
    with pytest.raises(InvalidField):
        referrals.act(uow, referral["id"], "revoke", STAFF, {}, now=later())


def test_only_the_addressed_department_answers_and_only_the_sender_revokes():
    uow, case = consented_case()
    _, referral = refer_to(uow, case)
    with pytest.raises(NotAllowed):
        referrals.act(uow, referral["id"], "accept", STAFF, {}, now=later())
    with pytest.raises(NotFound):  # commerce cannot even see a case referred to police
        referrals.act(uow, referral["id"], "accept", COMMERCE, {}, now=later())
    with pytest.raises(NotAllowed):
        referrals.act(uow, referral["id"], "revoke", POLICE, {"reason": "x"}, now=later())
    _, revoked = referrals.act(uow, referral["id"], "revoke", STAFF, {"reason": "投诉人撤诉"}, now=later())
    assert revoked["state"] == "revoked" and uow.events_of("referral.revoked")


@pytest.mark.parametrize("state", ["pending", "accepted", "rejected", "revoked"])
@pytest.mark.parametrize("action", ["accept", "reject", "revoke"])
def test_each_referral_action_from_each_state(state, action):
    uow, case = consented_case()
    _, referral = refer_to(uow, case)
    setup = {"pending": [], "accepted": [("accept", POLICE)], "rejected": [("reject", POLICE)],
             "revoked": [("revoke", STAFF)]}[state]
    for a, who in setup:
        referrals.act(uow, referral["id"], a, who, {"reason": "理由"}, now=later())
    who = STAFF if action == "revoke" else POLICE
    if (state, action) in REFERRAL_WORKFLOW.transitions:
        _, after = referrals.act(uow, referral["id"], action, who, {"reason": "理由"}, now=later())
        assert after["state"] == REFERRAL_WORKFLOW.transitions[(state, action)]
    else:
        # police no longer sees a case whose referral to it was rejected or revoked
        gone = who is POLICE and state in ("rejected", "revoked")
        with pytest.raises(NotFound if gone else InvalidTransition):
            referrals.act(uow, referral["id"], action, who, {"reason": "理由"}, now=later())


def test_a_referral_keeps_the_owner_but_a_transfer_moves_ownership():
    uow, case = consented_case()
    case, _ = refer_to(uow, case, "commerce")
    assert case["owner_department"] == "labor"
    case = cases.transfer(uow, case["_id"], STAFF, {"to_department": "police", "reason": "刑事案件"},
                          now=later())
    assert case["owner_department"] == "police" and case["handler"] is None
    assert uow.events_of("case.transferred")[0]["data"]["to_department"] == "police"
    # the rights center no longer handles it; police does
    with pytest.raises(NotAllowed):
        advance(uow, case, "accept")
    assert advance(uow, case, "accept", who=POLICE)["state"] == "accepted"


def test_a_referral_to_the_owner_or_twice_pending_or_on_a_finished_case_is_refused():
    uow, case = consented_case()
    with pytest.raises(RuleBroken):
        refer_to(uow, case, "labor")
    with pytest.raises(InvalidField):
        refer_to(uow, case, "army")
    refer_to(uow, case)
    with pytest.raises(RuleBroken):
        refer_to(uow, case)
    with pytest.raises(InvalidField):
        refer_to(uow, case, "justice", due_date="2020-01-01")
    uow2, done = consented_case()
    advance(uow2, done, "reject")
    with pytest.raises(RuleBroken):
        refer_to(uow2, done)


def test_each_department_works_from_its_inbox():
    uow, a = consented_case()
    _, b = consented_case(uow)
    _, ra = refer_to(uow, a, "police")
    _, rb = refer_to(uow, b, "justice")
    police_inbox = referrals.box(uow, POLICE, "inbox", ["pending"])
    assert [r["id"] for _, r in police_inbox] == [ra["id"]]
    assert [r["id"] for _, r in referrals.box(uow, JUSTICE, "inbox", ["pending"])] == [rb["id"]]
    assert len(referrals.box(uow, STAFF, "outbox", ["pending"])) == 2
    referrals.act(uow, ra["id"], "accept", POLICE, {}, now=later())
    assert referrals.box(uow, POLICE, "inbox", ["pending"]) == []
    with pytest.raises(NotAllowed):
        from tests.support.factories import actor
        referrals.box(uow, actor("leader"), "inbox", ["pending"])


def test_a_referral_to_a_person_who_left_can_be_revoked_and_sent_again():
    uow, case = consented_case()
    _, first = refer_to(uow, case, to_user="police-zhang")  # 张警官, since deactivated
    assert first["to_user"] == "police-zhang"
    referrals.act(uow, first["id"], "revoke", STAFF, {"reason": "承办民警已调离"}, now=later())
    _, second = refer_to(uow, case, to_user="police-li")
    assert second["state"] == "pending" and second["to_user"] == "police-li"
    # and a handler who left is replaced on the case itself
    cases.assign(uow, case["_id"], STAFF, {"username": "rights-wang", "user_id": "u-1"}, now=later())
    changed = cases.assign(uow, case["_id"], STAFF, {"username": "rights-zhao", "user_id": "u-2"},
                           now=later())
    assert changed["handler"]["username"] == "rights-zhao"
    assert [t["note"] for t in changed["timeline"] if t["action"] == "assigned"] == ["rights-wang", "rights-zhao"]
