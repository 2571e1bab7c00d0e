"""Employers, liaison stations, vetting visits and output bases, against fakes."""
from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import Duplicate, InvalidField, InvalidTransition, NotAllowed, NotFound
from services.jobs.service_layer import employers as uc
from tests.support.factories import actor
from tests.support.jobs_fakes import FakeJobsUnitOfWork, employer_body

ADMIN = actor("county_admin")
NOW = datetime(2026, 5, 1, 8, tzinfo=timezone.utc)


def test_an_employer_is_registered_with_a_valid_credit_code_once():
    uow = FakeJobsUnitOfWork()
    body = employer_body()
    e = uc.register_employer(uow, body, actor("township_staff"), NOW)
    assert uow.employers.get(e["_id"])["credit_code"] == body["credit_code"]
    with pytest.raises(Duplicate) as dup:
        uc.register_employer(uow, dict(body, name="另一家"), ADMIN, NOW)
    assert dup.value.fields == {"credit_code": "已存在"}


def test_a_wrong_check_character_names_the_field():
    with pytest.raises(InvalidField) as e:
        uc.register_employer(FakeJobsUnitOfWork(), employer_body(credit_code="91350100M000100Y44"), ADMIN, NOW)
    assert e.value.fields == {"credit_code": "校验码错误"}


def test_village_liaison_and_leader_cannot_register_employers():
    for who in ("village_liaison", "leader", "worker"):
        with pytest.raises(NotAllowed):
            uc.register_employer(FakeJobsUnitOfWork(), employer_body(), actor(who), NOW)


def test_a_station_vets_an_employer_and_remembers_it():
    uow = FakeJobsUnitOfWork()
    e = uc.register_employer(uow, employer_body(), ADMIN, NOW)
    s = uc.register_station(uow, {"name": "内乡县驻苏州联络站", "city": "苏州"}, ADMIN, NOW)
    visit = uc.record_visit(uow, e["_id"], {"station_id": s["_id"], "visited_on": "2026-04-30",
                                             "result": "sound", "findings": "厂房宿舍属实"}, ADMIN, NOW)
    assert uow.employers.get(e["_id"])["visits"][0]["findings"] == "厂房宿舍属实"
    assert visit["station_name"] == "内乡县驻苏州联络站"
    assert uow.stations.get(s["_id"])["employer_ids"] == [e["_id"]]
    with pytest.raises(InvalidField):  # a visit in the future
        uc.record_visit(uow, e["_id"], {"station_id": s["_id"], "visited_on": "2026-05-02",
                                        "result": "sound"}, ADMIN, NOW)
    with pytest.raises(NotFound):
        uc.record_visit(uow, e["_id"], {"station_id": "nope", "visited_on": "2026-04-30",
                                        "result": "sound"}, ADMIN, NOW)


def base_body(employer_id, **over):
    body = {"employer_id": employer_id, "name": "苏州电子输出基地", "agreement_from": "2026-05-01",
            "agreement_until": "2029-04-30", "quota": 200, "township_code": "411325100"}
    body.update(over)
    return body


def test_a_base_is_established_and_ended_with_events():
    uow = FakeJobsUnitOfWork()
    e = uc.register_employer(uow, employer_body(), ADMIN, NOW)
    b = uc.establish_base(uow, base_body(e["_id"]), ADMIN, "c1", NOW)
    [est] = uow.events_of("base.established")
    assert est["data"] == {"base_id": b["_id"], "employer_id": e["_id"], "name": "苏州电子输出基地",
                           "township_code": "411325100", "on": "2026-05-01"}
    uc.end_output_base(uow, b["_id"], "企业搬迁", date(2026, 9, 1), ADMIN, None, NOW)
    [ended] = uow.events_of("base.ended")
    assert ended["data"]["on"] == "2026-09-01"
    stored = uow.bases.get(b["_id"])
    assert stored["status"] == "ended" and stored["log"][-1]["reason"] == "企业搬迁"
    assert stored["log"][-1]["by"]["username"] == "county_admin"
    with pytest.raises(InvalidTransition):
        uc.end_output_base(uow, b["_id"], "再次终止", None, ADMIN, None, NOW)


def test_a_base_needs_a_real_employer_ordered_dates_and_the_county_office():
    uow = FakeJobsUnitOfWork()
    e = uc.register_employer(uow, employer_body(), ADMIN, NOW)
    with pytest.raises(NotFound):
        uc.establish_base(uow, base_body("nobody"), ADMIN, None, NOW)
    with pytest.raises(InvalidField) as bad:
        uc.establish_base(uow, base_body(e["_id"], agreement_until="2026-04-01"), ADMIN, None, NOW)
    assert "agreement_until" in bad.value.fields
    with pytest.raises(NotAllowed):
        uc.establish_base(uow, base_body(e["_id"]), actor("township_staff"), None, NOW)
    assert not uow.published


def test_contacts_and_staff_phones_are_masked_for_the_leader_only():
    uow = FakeJobsUnitOfWork()
    e = uc.register_employer(uow, employer_body(), ADMIN, NOW)
    s = uc.register_station(uow, {"name": "内乡县驻苏州联络站", "city": "苏州",
                                  "staff": [{"name": "赵站长", "phone": "13912345678"}]}, ADMIN, NOW)
    uc.record_visit(uow, e["_id"], {"station_id": s["_id"], "visited_on": "2026-04-30", "result": "sound"},
                    ADMIN, NOW)
    assert uc.get_employer(uow, e["_id"], ADMIN)["contacts"][0]["phone"] == "13900000001"
    leader = actor("leader")
    assert uc.get_employer(uow, e["_id"], leader)["contacts"][0]["phone"] == "139********"
    assert uc.list_employers(uow, leader, {}, 1, 20)[0][0]["contacts"][0]["phone"] == "139********"
    [station] = uc.list_stations(uow, leader)
    assert station["staff"][0]["phone"] == "139********"
    assert station["vetted"] == [{"id": e["_id"], "name": e["name"]}]
    assert uc.list_stations(uow, actor("township_staff"))[0]["staff"][0]["phone"] == "13912345678"
    # the stored record keeps the number
    assert uow.employers.get(e["_id"])["contacts"][0]["phone"] == "13900000001"


def test_an_employers_file_has_its_bases_postings_and_orders():
    from services.jobs.service_layer import orders as orders_uc
    from services.jobs.service_layer import postings as postings_uc
    from tests.support.jobs_fakes import posting_body
    uow = FakeJobsUnitOfWork()
    e = uc.register_employer(uow, employer_body(), ADMIN, NOW)
    other = uc.register_employer(uow, employer_body(name="另一家单位"), ADMIN, NOW)
    uc.establish_base(uow, base_body(e["_id"]), ADMIN, None, NOW)
    postings_uc.create_posting(uow, posting_body(e["_id"], NOW.date()), ADMIN, NOW)
    postings_uc.create_posting(uow, posting_body(other["_id"], NOW.date()), ADMIN, NOW)
    orders_uc.create_order(uow, {"employer_id": e["_id"], "positions": [{"title": "普工", "headcount": 2}],
                                 "departure_date": "2026-06-01"}, ADMIN, None, NOW)
    f = uc.employer_file(uow, e["_id"], actor("leader"))
    assert (len(f["bases"]), len(f["postings"]), len(f["orders"])) == (1, 1, 1)
    assert f["employer"]["contacts"][0]["phone"] == "139********"
    assert uc.employer_choices(uow, ADMIN) == [(other["_id"], "另一家单位"), (e["_id"], e["name"])]
    with pytest.raises(NotAllowed):
        uc.employer_file(uow, e["_id"], actor("village_liaison"))
