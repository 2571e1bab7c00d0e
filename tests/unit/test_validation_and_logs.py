import logging

import pytest

from services.common.errors import ApiError
from services.common.logs import JsonFormatter, redact
from services.common.domain.actor import Actor as User
from services.common.domain.roles import in_region
from services.common.scope import region_query
from services.common.validation import BodySchema
from services.registry.domain.person import PERSON_SCHEMA

schema = BodySchema(PERSON_SCHEMA)
GOOD = {"name": "张三", "id_number": "411325199001011230", "phone": "13800000000",
        "township_code": "411325100", "village_code": "411325100201"}


@pytest.mark.parametrize("body, field, words", [
    ({k: v for k, v in GOOD.items() if k != "phone"}, "phone", "必填"),
    (dict(GOOD, extra=1), "extra", "不允许"),
    (dict(GOOD, name=5), "name", "字符串"),
    (dict(GOOD, township_code="41"), "township_code", "9 位"),
    (dict(GOOD, skills="焊工"), "skills", "数组"),
])
def test_schema_errors_name_the_field(body, field, words):
    with pytest.raises(ApiError) as e:
        schema.parse(body)
    assert e.value.status == 400 and words in e.value.fields[field]


@pytest.mark.parametrize("body, field", [
    ({"$where": "1"}, "$where"),
    (dict(GOOD, skills=[{"$gt": ""}]), "skills[0].$gt"),
    ({"a.b": 1}, "a.b"),
])
def test_operator_keys_are_refused_at_any_depth(body, field):
    with pytest.raises(ApiError) as e:
        schema.parse(body)
    assert field in e.value.fields


def test_log_lines_never_carry_id_or_phone_numbers():
    assert redact("id 411325199001011230 tel 13937712345") == "id 411325********1230 tel 139****2345"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "registering %s", ("41132519900101123X",), None)
    assert "41132519900101123X" not in JsonFormatter("t").format(record)


def test_region_scope_by_level():
    town = User("1", "t", "township_staff", "labor", "411325100")
    village = User("2", "v", "village_liaison", "labor", "411325100201")
    assert in_region(town, "411325100", "411325100202")
    assert not in_region(town, "411325101", "411325101201")
    assert in_region(village, "411325100", "411325100201")
    assert not in_region(village, "411325100", "411325100202")
    assert not in_region(User("3", "w", "worker", None, None), "411325100", "411325100201")
    assert region_query(town) == {"township_code": "411325100"}
    assert region_query(User("4", "a", "county_admin", "labor", None)) == {}
    assert region_query(User("5", "w", "worker", None, None)) == {"_id": {"$exists": False}}


def test_an_integer_field_refuses_a_float_that_json_schema_would_count_as_integer():
    from services.common.errors import ApiError
    from services.common.validation import BodySchema
    schema = BodySchema({"type": "object", "properties": {"n": {"type": "integer"}}})
    assert schema.parse({"n": 2}) == {"n": 2}
    import pytest
    with pytest.raises(ApiError) as e:
        schema.parse({"n": 2.0})
    assert e.value.status == 400 and "n" in e.value.fields
    with pytest.raises(ApiError):
        schema.parse({"n": True})
