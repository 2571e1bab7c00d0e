import pytest

from services.common.events.catalog import EventInvalid, validate_event
from services.common.events.envelope import new_event
from services.registry import events as _registry_events  # noqa: F401  (registers its contracts)
from services.evaluation.domain.indicators import Add, effects_of
from tests.support.events import person_registered


def test_a_valid_event_passes_and_counts_for_its_year():
    event = person_registered("411325100", 2031)
    validate_event(event)
    assert Add("registered", "411325100", "2031-03", 1) in effects_of(event)


@pytest.mark.parametrize("mutate, where", [
    (lambda e: e.pop("id"), "envelope"),
    (lambda e: e.update(version=9), "unknown event type/version"),
    (lambda e: e["data"].update(township_code="town"), "data township_code"),
    (lambda e: e["data"].update(id_number="411325199001011230"), "data"),
    (lambda e: e.update(type="nonsense"), "envelope type"),
])
def test_invalid_events_are_rejected_with_a_reason(mutate, where):
    event = person_registered("411325100", 2031)
    mutate(event)
    with pytest.raises(EventInvalid) as e:
        validate_event(event)
    assert where in str(e.value)


def test_the_reason_is_the_first_error_in_path_order_with_python_jsonschema_wording():
    event = person_registered("411325100", 2031)
    event["data"].update(township_code="town", village_code=7)
    with pytest.raises(EventInvalid) as e:
        validate_event(event)
    assert str(e.value) == "data township_code: 'town' does not match '^[0-9]{9}$'"


def test_a_code_with_a_trailing_newline_is_rejected():
    # Python's re lets `$` match before a final newline; the Rust validator that checks every
    # event first does not, and its verdict stands
    event = person_registered("411325100", 2031)
    event["data"]["township_code"] = "411325100\n"
    with pytest.raises(EventInvalid) as e:
        validate_event(event)
    assert "data township_code" in str(e.value)


def test_producer_refuses_to_build_an_invalid_event():
    with pytest.raises(EventInvalid):
        new_event("person.registered", "registry", "p1", {"person_id": "p1"}, None, None)


def test_free_text_in_any_event_leaves_without_id_or_phone_numbers():
    from services.common.events.envelope import scrub
    data = {"person_id": "411325199001011230", "job_intention": "身份证411325199001011230 电话13937712345",
            "skills": ["电焊 13937712345"], "credit_code": "914113250000000018", "salary_min": 5000}
    clean = scrub(data)
    assert "411325199001011230" not in clean["job_intention"] and "13937712345" not in str(clean["skills"])
    assert clean["person_id"] == data["person_id"] and clean["credit_code"] == data["credit_code"]
    assert clean["salary_min"] == 5000
