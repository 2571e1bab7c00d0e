"""Issue 6 items 2 and 5: normalised codes, strict names and phones, masked free text."""
from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import Duplicate, InvalidField
from services.registry.domain.id_number import parse_id_number
from services.registry.domain.person import new_person
from services.registry.domain.text import mask_numbers, name_problem, phone_problem
from services.registry.service_layer import persons as use_cases
from tests.support.factories import actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, FakeRegistryUnitOfWork

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("table", [FULL_WIDTH, ARABIC_INDIC], ids=["full-width", "arabic-indic"])
def test_other_digit_forms_of_a_registered_number_are_duplicates(table):
    uow = FakeRegistryUnitOfWork()
    idn = make_id_number(date(1985, 1, 2))
    use_cases.register_person(uow, REGIONS, person_body(id_number=idn), actor("county_admin"), now=NOW)
    with pytest.raises(Duplicate):
        use_cases.register_person(uow, REGIONS, person_body(id_number=idn.translate(table)),
                                  actor("county_admin"), now=NOW)
    assert [p["id_number"] for p in uow.persons.rows.values()] == [idn]


def test_full_width_phone_and_region_codes_are_stored_in_ascii():
    p = new_person(person_body(phone="１３９１２３４５６７８", township_code="４１１３２５１００",
                               village_code="٤١١٣٢٥١٠٠٢٠١"), actor("county_admin"), REGIONS, NOW)
    assert (p["phone"], p["township_code"], p["village_code"]) == (
        "13912345678", "411325100", "411325100201")


def test_a_superscript_digit_is_refused_not_a_crash():
    with pytest.raises(InvalidField) as e:
        new_person(person_body(id_number="41132519900504²23X"), actor("county_admin"), REGIONS, NOW)
    assert "id_number" in e.value.fields


def test_legacy_15_digit_number_becomes_18_digits_and_is_the_same_person():
    parsed = parse_id_number("411325800504123", date(2026, 1, 1))
    assert parsed.value.startswith("41132519800504123") and len(parsed.value) == 18
    assert parsed.birth_date == date(1980, 5, 4) and parsed.sex == "male"
    uow = FakeRegistryUnitOfWork()
    use_cases.register_person(uow, REGIONS, person_body(id_number="411325800504123"),
                              actor("county_admin"), now=NOW)
    with pytest.raises(Duplicate):
        use_cases.register_person(uow, REGIONS, person_body(id_number=parsed.value),
                                  actor("county_admin"), now=NOW)


@pytest.mark.parametrize("name", ["𠮷田", "王〇", "买买提·艾力", "张三", "John Smith", "龘靐"])
def test_real_names_are_accepted(name):
    assert name_problem(name) == (name, None)


@pytest.mark.parametrize("name", ["  ", "\u3000\u3000", "张\x1f三", "张\x85三", "张\u2028三",
                                  "张\u3000三", "张\t三", "张三1", "<b>", "a", ""])
def test_bad_names_are_refused(name):
    assert name_problem(name)[1] is not None
    with pytest.raises(InvalidField) as e:
        new_person(person_body(name=name), actor("county_admin"), REGIONS, NOW)
    assert "name" in e.value.fields


def test_phone_with_a_trailing_newline_is_stored_without_it():
    assert phone_problem("13912345678\n") == ("13912345678", None)
    assert phone_problem("139 1234 5678")[1] is not None
    assert phone_problem("0377-65123456") == ("0377-65123456", None)


@pytest.mark.parametrize("text, kept", [
    ("身份证411325199001011230电话13912345678", "身份证"),
    ("电话 139-1234-5678 联系", "联系"),
    ("号码４１１３２５１９９００１０１１２３０", "号码"),
])
def test_free_text_digit_runs_are_masked(text, kept):
    masked = mask_numbers(text)
    assert kept in masked and not any(ch.isdigit() for ch in masked)


def test_wages_and_years_in_free_text_stay_readable():
    assert mask_numbers("月薪3000以上,2025年") == "月薪3000以上,2025年"


def test_labor_ages_are_settings_and_decide_who_counts_as_labor():
    from services.common.domain.errors import RuleBroken
    from services.registry.domain.labor_age import LaborAges
    from services.registry.domain.search import matches
    ages = LaborAges.from_env({"LABOR_AGE_FEMALE_MAX": "50"})
    woman_52 = new_person(person_body(id_number=make_id_number(date(1974, 1, 1), male=False)),
                          actor("county_admin"), REGIONS, NOW, ages=ages)
    assert woman_52["beyond_labor_age"] and not matches(woman_52, {"labor_age": True})
    man_52 = new_person(person_body(id_number=make_id_number(date(1974, 1, 1), male=True)),
                        actor("county_admin"), REGIONS, NOW, ages=ages)
    assert not man_52["beyond_labor_age"] and matches(man_52, {"labor_age": True})
    with pytest.raises(RuleBroken):
        new_person(person_body(id_number=make_id_number(date(2012, 1, 1))), actor("county_admin"), REGIONS, NOW)
