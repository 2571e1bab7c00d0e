"""Notifications with fakes: SMS opt-in with the worker's phone and consent, opt-out by the
worker or recorded by staff (who, when, how), the day's message for matching workers when a
posting is published (threshold, one a day, a redelivered event sends nothing twice), the
sender's delivery status, and staff notices for orders and applications."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from services.common.domain.errors import InvalidField, InvalidTransition, NotAllowed, NotFound, OutOfRegion
from services.jobs.domain import notifications as rules
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import notifications as uc
from services.jobs.service_layer import orders as orders_uc
from services.jobs.service_layer import placements as placements_uc
from services.jobs.service_layer import postings as postings_uc
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, TOWN, VILLAGE, actor
from tests.support.jobs_fakes import FakeJobsUnitOfWork, employer_body, posting_body

NOW = datetime(2026, 5, 1, 2, tzinfo=timezone.utc)  # 10:00 in China
ADMIN, TOWN_STAFF, LIAISON = actor("county_admin"), actor("township_staff"), actor("village_liaison")
OTHER_STAFF = replace(actor("township_staff", OTHER_TOWN), id="u-other-town")
PHONE = "13912345678"


def worker(pid, **over):
    w = {"_id": pid, "township_code": TOWN, "village_code": VILLAGE, "sex": "male",
         "birth_date": "1990-03-01", "status": "surplus", "education": "junior_high", "skills": ["钢筋工"],
         "job_intention": "钢筋工", "trainings": [], "wage_expectation": 6000,
         "region_preferences": ["in_province"]}
    w.update(over)
    return w


def url(code):
    return f"https://jobs.example/ui/jobs/sms/{code}"


class Gateway:
    name = "test"

    def __init__(self, ok=True):
        self.ok, self.calls = ok, []

    def send(self, phone, text, ref):
        self.calls.append((phone, text, ref))
        return rules.SmsAnswer(self.ok, "accepted #42" if self.ok else "HTTP 503 busy")


@pytest.fixture
def uow():
    u = FakeJobsUnitOfWork()
    u.employer = employers_uc.register_employer(u, employer_body(), ADMIN, NOW)
    u.workers.put(worker("rebar"))
    u.workers.put(worker("cook", skills=["厨师"], job_intention="厨师", wage_expectation=9000,
                         region_preferences=["pearl_delta"]))
    u.workers.put(worker("away", status="migrant"))
    u.workers.put(worker("far", township_code=OTHER_TOWN, village_code=OTHER_VILLAGE))
    return u


def publish(u, title="钢筋工", at=NOW, **over):
    body = posting_body(u.employer["_id"], at.date(), title=title, industry="construction",
                        work_region="in_province", work_city="郑州", salary_min=7000, salary_max=9000,
                        requirements={"skills": ["钢筋"], "age_min": 20, "age_max": 55})
    body.update(over)
    p = postings_uc.create_posting(u, body, ADMIN, at)
    postings_uc.submit(u, p["_id"], ADMIN, at)
    postings_uc.review(u, p["_id"], "approve", None, ADMIN, None, at)
    return u.events_of("posting.published")[-1]


def opt_in(u, pid="rebar", phone=PHONE, by=ADMIN, channel="in_person"):
    return uc.subscribe(u, {"person_id": pid, "phone": phone, "channel": channel, "consent": True}, by, NOW)


# ---- subscriptions -------------------------------------------------------------------------
def test_opting_in_keeps_the_phone_the_consent_and_who_took_it(uow):
    sub = opt_in(uow, phone="１３９ １２３４ ５６７８", by=TOWN_STAFF)  # full-width, spaced: one number
    assert sub["phone"] == PHONE and sub["status"] == "opted_in"
    assert sub["consent"]["text"] == rules.CONSENT_TEXT and sub["consent"]["channel"] == "in_person"
    assert sub["history"] == [{"action": "opt_in", "channel": "in_person", "at": NOW,
                               "by": TOWN_STAFF.audit(), "reason": None}]
    assert rules.normal_code(sub["code"]) == sub["code"]
    assert rules.masked(sub["phone"]) == "139********"


@pytest.mark.parametrize("body, field", [
    ({"person_id": "rebar", "phone": "1391234567", "channel": "in_person", "consent": True}, "phone"),
    ({"person_id": "rebar", "phone": "0377-1234567", "channel": "in_person", "consent": True}, "phone"),
    ({"person_id": "rebar", "phone": PHONE, "channel": "in_person"}, "consent"),
])
def test_a_bad_phone_or_no_consent_is_refused_naming_the_field(uow, body, field):
    with pytest.raises(InvalidField) as e:
        uc.subscribe(uow, body, ADMIN, NOW)
    assert field in e.value.fields and PHONE[3:] not in str(e.value.fields)
    assert uow.subscriptions.rows == {}


def test_opting_in_is_for_the_keepers_of_the_workers_region(uow):
    with pytest.raises(OutOfRegion):
        opt_in(uow, "far", by=TOWN_STAFF)
    with pytest.raises(NotAllowed):
        opt_in(uow, by=actor("leader"))
    with pytest.raises(NotFound):
        opt_in(uow, "nobody")


def test_staff_record_an_opt_out_asked_for_by_phone_and_the_worker_opts_back_in(uow):
    sub = opt_in(uow)
    out = uc.staff_opt_out(uow, "rebar", "phone_call", "本人来电要求退订", LIAISON, NOW + timedelta(hours=1))
    assert out["status"] == "opted_out"
    assert out["history"][-1] == {"action": "opt_out", "channel": "phone_call", "at": NOW + timedelta(hours=1),
                                  "by": LIAISON.audit(), "reason": "本人来电要求退订"}
    with pytest.raises(InvalidTransition):
        uc.staff_opt_out(uow, "rebar", "phone_call", None, LIAISON, NOW)
    back = uc.own_choice(uow, sub["code"], "opt_in", now=NOW + timedelta(days=1))
    assert back["status"] == "opted_in" and back["consent"]["channel"] == "self_service"
    assert back["history"][-1]["by"]["role"] == "worker" and back["phone"] == PHONE


def test_the_worker_opts_out_on_their_own_page_by_the_code(uow):
    sub = opt_in(uow)
    page = uc.own_subscription(uow, sub["code"])
    assert page["subscription"]["person_id"] == "rebar"
    out = uc.own_choice(uow, sub["code"], "opt_out", "不需要了", NOW)
    assert out["status"] == "opted_out" and out["history"][-1]["channel"] == "self_service"
    with pytest.raises(NotFound):
        uc.own_subscription(uow, "AAAAAAAAAAAA")


def test_a_staff_member_of_another_region_cannot_touch_the_subscription(uow):
    opt_in(uow)
    with pytest.raises(OutOfRegion):
        uc.staff_opt_out(uow, "rebar", "phone_call", None, OTHER_STAFF, NOW)
    items, total = uc.list_subscriptions(uow, OTHER_STAFF, {}, 1, 20)
    assert (items, total) == ([], 0)


# ---- posting published -> the day's message ---------------------------------------------------
def test_a_published_posting_queues_a_message_for_matching_opted_in_workers_only(uow):
    for pid in ("rebar", "cook", "away"):
        opt_in(uow, pid)
    queued = uc.on_posting_published(uow, publish(uow), 70, url, NOW)
    assert queued == ["rebar"]  # the cook scores low, the migrant is not looking
    m = uow.sms.get(rules.message_id("rebar", "2026-05-01"))
    assert m["status"] == "queued" and m["score"] >= 70 and m["phone_masked"] == "139********"
    assert "钢筋工" in m["text"] and url(uow.subscriptions.get("rebar")["code"]) in m["text"]
    assert PHONE not in str(m)  # the message record keeps no full phone
    # a lower threshold reaches the cook too (the setting is the only difference)
    assert uc.on_posting_published(uow, publish(uow, title="钢筋工 二"), 0, url, NOW) == ["cook"]


def test_never_more_than_one_message_a_day_and_a_redelivery_sends_nothing_twice(uow):
    opt_in(uow)
    first = publish(uow)
    assert uc.on_posting_published(uow, first, 70, url, NOW) == ["rebar"]
    assert uc.on_posting_published(uow, first, 70, url, NOW) == []  # redelivered
    second = publish(uow, title="钢筋工 木工")
    assert uc.on_posting_published(uow, second, 70, url, NOW + timedelta(hours=8)) == []  # same China day
    assert len(uow.sms.rows) == 1
    # the next China day (16:00 UTC is midnight in China) the worker may be told of the second
    assert uc.on_posting_published(uow, second, 70, url, NOW + timedelta(hours=14)) == ["rebar"]
    # and the first never again, even on another day
    assert uc.on_posting_published(uow, first, 70, url, NOW + timedelta(days=3)) == []
    assert sorted(m["day"] for m in uow.sms.rows.values()) == ["2026-05-01", "2026-05-02"]


def test_an_opted_out_worker_or_a_withdrawn_posting_gets_no_message(uow):
    opt_in(uow)
    uc.staff_opt_out(uow, "rebar", "phone_call", None, ADMIN, NOW)
    assert uc.on_posting_published(uow, publish(uow), 70, url, NOW) == []
    uc.own_choice(uow, uow.subscriptions.get("rebar")["code"], "opt_in", now=NOW)
    event = publish(uow, title="钢筋工 三")
    postings_uc.act(uow, event["data"]["posting_id"], "withdraw", "招满", ADMIN, None, NOW)
    assert uc.on_posting_published(uow, event, 70, url, NOW) == []


# ---- sending ----------------------------------------------------------------------------------
def queued_message(uow):
    opt_in(uow)
    uc.on_posting_published(uow, publish(uow), 70, url, NOW)
    return rules.message_id("rebar", "2026-05-01")


def test_the_sender_hands_the_full_phone_to_the_gateway_once_and_records_its_answer(uow):
    mid = queued_message(uow)
    gateway = Gateway()
    assert uc.send_queued(lambda: uow, gateway, lambda: NOW) == {"sent": 1, "failed": 0}
    assert gateway.calls[0][0] == PHONE and gateway.calls[0][2] == mid
    m = uow.sms.get(mid)
    assert m["status"] == "sent" and m["answer"] == "accepted #42" and m["gateway"] == "test"
    assert uc.send_queued(lambda: uow, gateway, lambda: NOW) == {"sent": 0, "failed": 0}
    assert len(gateway.calls) == 1


def test_a_refusing_gateway_is_a_failed_message_not_retried(uow):
    mid = queued_message(uow)
    gateway = Gateway(ok=False)
    assert uc.send_queued(lambda: uow, gateway, lambda: NOW) == {"sent": 0, "failed": 1}
    m = uow.sms.get(mid)
    assert m["status"] == "failed" and m["answer"] == "HTTP 503 busy"
    uc.send_queued(lambda: uow, gateway, lambda: NOW)
    assert len(gateway.calls) == 1


def test_an_opt_out_between_queueing_and_sending_stops_the_message(uow):
    mid = queued_message(uow)
    uc.staff_opt_out(uow, "rebar", "phone_call", None, ADMIN, NOW)
    gateway = Gateway()
    uc.send_queued(lambda: uow, gateway, lambda: NOW)
    assert gateway.calls == [] and uow.sms.get(mid)["answer"] == "本人已退订,未发送"


def test_a_claim_left_by_a_dead_sender_is_closed_as_failed_not_resent(uow):
    mid = queued_message(uow)
    with uow:
        uow.sms.claim(mid, NOW)
        uow.commit()
    gateway = Gateway()
    assert uc.send_queued(lambda: uow, gateway, lambda: NOW + timedelta(minutes=5))["failed"] == 0
    assert uc.send_queued(lambda: uow, gateway, lambda: NOW + timedelta(minutes=11))["failed"] == 1
    assert gateway.calls == [] and uow.sms.get(mid)["status"] == "failed"


def test_the_delivery_log_is_region_scoped(uow):
    queued_message(uow)
    assert uc.list_messages(uow, TOWN_STAFF, {}, 1, 20)[1] == 1
    assert uc.list_messages(uow, OTHER_STAFF, {}, 1, 20)[1] == 0
    with pytest.raises(NotAllowed):
        uc.list_messages(uow, actor("leader"), {}, 1, 20)


# ---- staff notices ----------------------------------------------------------------------------
def test_a_new_order_tells_every_township_station_once(uow):
    order = orders_uc.create_order(uow, {"employer_id": uow.employer["_id"], "departure_date": "2026-06-01",
                                         "positions": [{"title": "普工", "headcount": 30}]}, ADMIN, None, NOW)
    event = uow.events_of("order.created")[-1]
    assert uc.on_order_created(uow, event, NOW) is True
    assert uc.on_order_created(uow, event, NOW) is False  # redelivered
    for staff in (TOWN_STAFF, OTHER_STAFF):
        items, total = uc.notices(uow, staff, False, 1, 20)
        assert total == 1 and "招 30 人" in items[0]["text"] and items[0]["subject_id"] == order["_id"]
    assert uc.notices(uow, LIAISON, False, 1, 20)[1] == 0
    uc.mark_read(uow, items[0]["_id"], TOWN_STAFF)
    assert uc.notices(uow, TOWN_STAFF, True, 1, 20)[1] == 0  # read by this user
    assert uc.notices(uow, OTHER_STAFF, True, 1, 20)[1] == 1  # not by the other


def test_applications_waiting_and_orders_departing_need_someone(uow):
    event = publish(uow)
    application = placements_uc.record_application(
        uow, {"person_id": "rebar", "posting_id": event["data"]["posting_id"]}, TOWN_STAFF, NOW)
    orders_uc.create_order(uow, {"employer_id": uow.employer["_id"], "departure_date": "2026-06-07",
                                 "positions": [{"title": "普工", "headcount": 30}]}, ADMIN, None, NOW)
    assert uc.remind_staff(uow, NOW + timedelta(days=29)) == 0
    assert uc.remind_staff(uow, NOW + timedelta(days=30)) == 2  # the application, and the order (departing 6/7, within 7 days of 5/31)
    assert uc.remind_staff(uow, NOW + timedelta(days=31)) == 0  # once each
    mine = uc.notices(uow, TOWN_STAFF, False, 1, 20)[0]
    assert [n["kind"] for n in mine] == ["application_waiting"] and application["_id"] in mine[0]["_id"]
    assert uc.notices(uow, LIAISON, False, 1, 20)[1] == 1  # the worker's village
    assert uc.notices(uow, OTHER_STAFF, False, 1, 20)[1] == 0
    assert [n["kind"] for n in uc.notices(uow, ADMIN, False, 1, 20)[0]] == ["order_departing"]
    with pytest.raises(NotFound):  # another region's notice cannot be marked
        uc.mark_read(uow, mine[0]["_id"], OTHER_STAFF)


def test_a_subscription_follows_the_worker_to_another_township(uow):
    opt_in(uow)
    moved = {"id": "e-move", "type": "person.status_changed", "occurred_at": "2026-05-02T00:00:00.000Z",
             "data": {"person_id": "rebar", "township_code": OTHER_TOWN, "village_code": OTHER_VILLAGE,
                      "from_status": "surplus", "to_status": "surplus", "organized": None,
                      "changed_at": "2026-05-02T00:00:00Z"}}
    from services.jobs.service_layer import matching as matching_uc
    matching_uc.on_person_event(uow, moved)
    assert uc.list_subscriptions(uow, TOWN_STAFF, {}, 1, 20)[1] == 0
    assert uc.list_subscriptions(uow, OTHER_STAFF, {}, 1, 20)[1] == 1
    assert uc.staff_opt_out(uow, "rebar", "phone_call", None, OTHER_STAFF, NOW)["status"] == "opted_out"
