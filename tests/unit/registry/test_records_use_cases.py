"""Edits with history and optimistic concurrency, status changes, training, migration, income,
placements from jobs, idempotency keys, likely duplicates and merging, the read audit."""
from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import (InvalidField, InvalidTransition, NotAllowed,
                                           OutOfRegion, StaleVersion)
from services.registry.service_layer import audit, persons, records
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, FakeRegistryUnitOfWork

NOW = datetime(2026, 11, 27, 8, tzinfo=timezone.utc)
staff = actor("township_staff")


def registered(uow=None, **over):
    uow = uow or FakeRegistryUnitOfWork()
    return uow, persons.register_person(uow, REGIONS, person_body(**over), staff, "c1", now=NOW)


def test_an_edit_keeps_old_and_new_values_and_only_names_of_personal_fields():
    uow, p = registered(education="primary")
    updated = persons.update_person(uow, REGIONS, p["_id"], {"version": 1, "education": "junior_high",
                                                             "phone": "13600000001"}, staff)
    assert updated["version"] == 2 and updated["phone"] == "13600000001"
    entry = uow.persons.history(p["_id"])[-1]
    assert entry["fields"] == ["education", "phone"] and entry["by"]["username"] == "township_staff"
    assert entry["values"] == {"education": {"old": "primary", "new": "junior_high"}}
    [event] = uow.events_of("person.updated")
    assert event["data"]["changed_fields"] == ["education", "phone"]
    assert "13600000001" not in str(event)


def test_a_stale_version_is_refused_and_changes_nothing():
    uow, p = registered()
    persons.update_person(uow, REGIONS, p["_id"], {"version": 1, "notes": "a"}, staff)
    with pytest.raises(StaleVersion):
        persons.update_person(uow, REGIONS, p["_id"], {"version": 1, "notes": "b"}, staff)
    assert uow.persons.get(p["_id"])["notes"] == "a"


def test_edits_are_for_keepers_of_the_region_only():
    uow, p = registered()
    with pytest.raises(NotAllowed):
        persons.update_person(uow, REGIONS, p["_id"], {"version": 1, "notes": "x"}, actor("leader"))
    with pytest.raises(OutOfRegion):
        persons.update_person(uow, REGIONS, p["_id"], {"version": 1, "notes": "x"},
                              actor("township_staff", region=OTHER_TOWN))
    with pytest.raises(OutOfRegion):  # moving a person out of one's township
        persons.update_person(uow, REGIONS, p["_id"], {"version": 1, "township_code": OTHER_TOWN,
                                                       "village_code": OTHER_VILLAGE}, staff)


def test_status_changes_follow_the_workflow_and_are_announced():
    uow, p = registered()
    after = records.change_status(uow, p["_id"], {"to_status": "migrant", "version": 1,
                                                  "employer": "富士康", "city": "深圳",
                                                  "destination": "pearl_delta",
                                                  "organization": "organized"}, staff, now=NOW)
    assert after["status"] == "migrant" and after["employment"]["employer"] == "富士康"
    assert after["status_log"][-1]["from"] == "surplus"
    [ev] = uow.events_of("person.status_changed")
    assert (ev["data"]["from_status"], ev["data"]["to_status"], ev["data"]["organized"]) == (
        "surplus", "migrant", True)
    assert uow.events_of("migration.recorded")
    with pytest.raises(InvalidTransition):
        records.change_status(uow, p["_id"], {"to_status": "surplus", "version": 2}, staff)
    records.change_status(uow, p["_id"], {"to_status": "returned", "version": 2}, staff)
    assert "employment" not in uow.persons.get(p["_id"])


def test_training_is_recorded_and_announced():
    uow, p = registered()
    t = records.add_training(uow, p["_id"], {"course": "电焊", "hours": 40, "started_on": "2026-03-01",
                                             "ended_on": "2026-03-10", "certificate": "焊工证",
                                             "paid_by": "government"}, staff, now=NOW)
    [ev] = uow.events_of("training.recorded")
    assert ev["data"]["training_id"] == t["id"] and ev["data"]["certified"] is True
    with pytest.raises(InvalidField) as e:
        records.add_training(uow, p["_id"], {"course": "x", "hours": 1, "started_on": "2026-03-10",
                                             "ended_on": "2026-03-01"}, staff)
    assert "ended_on" in e.value.fields


def test_an_open_migration_makes_a_migrant_and_income_is_one_figure_a_year():
    uow, p = registered()
    records.add_migration(uow, p["_id"], {"employer": "某建筑公司", "city": "苏州",
                                          "destination": "yangtze_delta", "start_date": "2026-02-20",
                                          "monthly_income": 5200, "organization": "self"}, staff, now=NOW)
    assert uow.persons.get(p["_id"])["status"] == "migrant"
    records.report_income(uow, p["_id"], {"year": 2026, "amount": 30000}, staff, now=NOW)
    records.report_income(uow, p["_id"], {"year": 2026, "amount": 42000}, staff, now=NOW)
    assert [i["amount"] for i in uow.persons.get(p["_id"])["incomes"]] == [42000]
    assert len(uow.events_of("income.reported")) == 2


def placement(person_id, pid="pl-1"):
    return {"id": "e-" + pid, "type": "placement.made", "actor": None, "correlation_id": "c",
            "data": {"placement_id": pid, "person_id": person_id, "township_code": "411325100",
                     "employer_id": "emp-1", "employer_name": "宇通客车", "city": "郑州",
                     "posting_id": None, "order_id": "o-1", "start_date": "2026-03-01",
                     "monthly_wage": 4800, "organized": True, "placed_at": "2026-02-28T08:00:00Z"}}


def test_a_placement_makes_the_person_a_migrant_at_that_employer_once():
    uow, p = registered()
    records.on_placement_made(uow.joined(None), placement(p["_id"]))
    records.on_placement_made(uow.joined(None), placement(p["_id"]))  # redelivered
    after = uow.persons.get(p["_id"])
    assert after["status"] == "migrant" and len(after["migrations"]) == 1
    assert after["employment"]["employer"] == "宇通客车" and after["employment"]["monthly_income"] == 4800
    assert len(uow.events_of("person.status_changed")) == 1


def test_a_double_submitted_form_registers_once():
    uow = FakeRegistryUnitOfWork()
    body = person_body()
    a = persons.register_person(uow, REGIONS, body, staff, idempotency_key="k1")
    b = persons.register_person(uow, REGIONS, dict(body), staff, idempotency_key="k1")
    assert a["_id"] == b["_id"] and len(uow.persons.rows) == 1


def test_same_name_and_birth_date_are_flagged_and_can_be_merged():
    uow = FakeRegistryUnitOfWork()
    born = date(1980, 3, 3)
    _, a = registered(uow, id_number=make_id_number(born, male=True))
    _, b = registered(uow, id_number=make_id_number(born, male=True), phone="13800000000")
    assert uow.persons.get(a["_id"])["duplicate_suspects"] == [b["_id"]]
    _, shared_phone = registered(uow, name="李五", id_number=make_id_number(date(1981, 1, 1)))
    assert not uow.persons.get(shared_phone["_id"]).get("duplicate_suspects")
    records.add_training(uow, b["_id"], {"course": "厨师", "hours": 8, "started_on": "2026-01-01",
                                         "ended_on": "2026-01-02"}, staff)
    keep = uow.persons.get(a["_id"])
    merged = persons.merge_persons(uow, a["_id"], b["_id"], staff, keep["version"])
    assert len(merged["trainings"]) == 1 and merged["duplicate_suspects"] == []
    items, total = persons.list_persons(uow, staff, {"name": "李四"}, 1, 20)
    assert total == 1 and uow.persons.get(b["_id"])["merged_into"] == a["_id"]
    assert any(c["action"] == "merged" for c in uow.persons.history(b["_id"]))


def test_unmasked_reads_are_audited_with_origin_and_queryable_by_the_county():
    uow, p = registered()
    where = {"ip": "10.0.0.9", "forwarded_for": "1.2.3.4, 10.0.0.9", "request_id": "r1"}
    persons.get_person(uow, p["_id"], staff, where, now=NOW)
    persons.get_person(uow, p["_id"], actor("leader"), where, now=NOW)  # masked: not a read
    items, total = audit.search_reads(uow, actor("county_admin"), {"person_id": p["_id"]}, 1, 10)
    assert total == 1 and items[0]["by"]["username"] == "township_staff"
    assert items[0]["ip"] == "10.0.0.9" and items[0]["action"] == "read"
    with pytest.raises(NotAllowed):
        audit.search_reads(uow, staff, {}, 1, 10)


def test_search_filters_by_age_band_skill_and_status():
    uow = FakeRegistryUnitOfWork()
    registered(uow, id_number=make_id_number(date(2000, 1, 1)), skills=["电焊"])
    registered(uow, name="王五", id_number=make_id_number(date(1970, 1, 1)))
    from services.registry.domain.search import parse_criteria
    c = parse_criteria({"age_band": "16-25", "skill": "电焊", "status": "富余劳动力"}, date(2024, 6, 1))
    items, total = persons.list_persons(uow, staff, c, 1, 20)
    assert total == 1 and items[0]["skills"] == ["电焊"]
    with pytest.raises(InvalidField) as e:
        parse_criteria({"age_band": "x", "sort": "password"}, date(2024, 6, 1))
    assert set(e.value.fields) == {"age_band", "sort"}


def test_search_refuses_control_characters_in_text_filters():
    from services.registry.domain.search import parse_criteria
    with pytest.raises(InvalidField) as e:
        parse_criteria({"name": "张\x00三", "skill": "电\x1f焊"}, date(2026, 1, 1))
    assert set(e.value.fields) == {"name", "skill"}
