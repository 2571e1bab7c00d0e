"""Licensing's unit of work and repositories against a real MongoDB: a decision, its counter
and its outbox record commit together, the named queries (public search, expiry, each
department's cases) mean what the fakes mean, and the unique credit code holds."""
import uuid
from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import Duplicate, InvalidTransition
from services.common.events.outbox import COLLECTION as OUTBOX
from services.licensing.service_layer import agencies, enforcement, scoring
from services.licensing.service_layer.unit_of_work import LicensingUnitOfWork
from services.licensing.storage.repositories import ensure_indexes
from tests.support.factories import actor
from tests.support.licensing_fakes import application_body

NOW = datetime(2026, 3, 2, tzinfo=timezone.utc)
LABOR = actor("county_admin")
POLICE = actor("police_officer", department="police")
COMMERCE = actor("commerce_officer", department="commerce")


@pytest.fixture(scope="module")
def db(mongo):
    name = "lex_licensing_it_" + uuid.uuid4().hex[:8]
    database = mongo[name]
    ensure_indexes(database)
    yield database
    mongo.drop_database(name)


@pytest.fixture
def uow(mongo, db):
    return lambda: LicensingUnitOfWork(mongo, db)


def licensed(uow, n: int, name: str | None = None) -> dict:
    body = application_body(n, **({"name": name} if name else {}))
    a = agencies.apply(uow(), body, LABOR, now=NOW)
    agencies.decide(uow(), a["_id"], "review", LABOR, now=NOW)
    return agencies.decide(uow(), a["_id"], "approve", LABOR, now=NOW)


def test_approval_its_number_and_its_event_commit_together(uow, db):
    a = licensed(uow, 1)
    b = licensed(uow, 2)
    assert a["license_number"].endswith("0001号") and b["license_number"].endswith("0002号")
    [record] = list(db[OUTBOX].find({"key": a["_id"]}))
    assert record["event"]["type"] == "agency.licensed" and record["topic"] == "licensing.agency"
    # a refused decision leaves nothing behind: no state change, no event, no number used
    with pytest.raises(InvalidTransition):
        agencies.decide(uow(), a["_id"], "approve", LABOR, now=NOW)
    assert db.agencies.find_one({"_id": a["_id"]})["version"] == a["version"]
    assert db.counters.find_one({"_id": "license:2026"})["value"] == 2
    with pytest.raises(Duplicate):
        agencies.apply(uow(), application_body(1, name="同码机构"), LABOR, now=NOW)


def test_public_search_by_name_part_or_number_with_regex_characters_escaped(uow):
    a = licensed(uow, 3, name="内乡县(试点)职业介绍所")
    assert agencies.verify_public(uow(), "(试点)")["matches"][0]["name"] == a["name"]
    assert agencies.verify_public(uow(), a["license_number"])["status"] == "licensed"
    assert agencies.verify_public(uow(), ".*")["status"] == "unknown"


def test_expiry_query_and_tick(uow, db):
    a = licensed(uow, 4)
    expired = agencies.expire_due(uow(), today=date(2029, 3, 3))
    assert a["_id"] in expired and db.agencies.find_one({"_id": a["_id"]})["status"] == "expired"
    assert agencies.expire_due(uow(), today=date(2029, 3, 3)) == []


def test_each_department_lists_only_its_cases_and_deductions_persist(uow):
    case = enforcement.open_case(uow(), {"suspect_name": "宏发劳务", "place": "汽车站"}, POLICE, now=NOW)
    assert enforcement.list_cases(uow(), POLICE, None, 1, 50)[1] >= 1
    assert case["_id"] not in [c["_id"] for c in enforcement.list_cases(uow(), COMMERCE, None, 1, 50)[0]]
    enforcement.join(uow(), case["_id"], "commerce", POLICE)
    assert case["_id"] in [c["_id"] for c in enforcement.list_cases(uow(), COMMERCE, None, 1, 50)[0]]
    scoring.seed_rules(uow())
    a = licensed(uow, 5)
    scoring.deduct(uow(), a["_id"], {"rule_code": "overcharge", "note": "多收费"}, LABOR, now=NOW)
    assert agencies.get(uow(), a["_id"], LABOR)["score"] == 85
