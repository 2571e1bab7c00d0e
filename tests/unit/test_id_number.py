from datetime import date

import pytest

from services.common.domain.personal_data import mask_id_number, mask_phone
from services.registry.domain.id_number import InvalidIdNumber, check_char, parse_id_number

TODAY = date(2026, 11, 27)


def with_check(first17: str) -> str:
    return first17 + check_char(first17)


def test_known_valid_number_with_x_check_digit():
    # GB 11643 worked example: 11010519491231002X
    parsed = parse_id_number("11010519491231002x", TODAY)
    assert parsed.value == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "female"


def test_sex_from_the_17th_digit():
    assert parse_id_number(with_check("41132519900101123"), TODAY).sex == "male"
    assert parse_id_number(with_check("41132519900101122"), TODAY).sex == "female"


@pytest.mark.parametrize("raw, reason", [
    ("41132519900101123", "18"),                      # 17 characters
    ("4113251990010112AX", "数字"),                    # letter inside
    ("991325199001011234", "地区码"),                  # no province 99
    (with_check("41132519900230123"), "出生日期不存在"),  # 30 February
    (with_check("41132520300101123"), "不合理"),        # born in the future
    (with_check("41132518800101123"), "不合理"),        # before 1900
])
def test_rejected_numbers_say_why(raw, reason):
    with pytest.raises(InvalidIdNumber) as e:
        parse_id_number(raw, TODAY)
    assert reason in str(e.value)


def test_wrong_check_digit():
    good = with_check("41132519900101123")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(InvalidIdNumber, match="校验码"):
        parse_id_number(bad, TODAY)


def test_masks_keep_only_what_identifies_nobody():
    assert mask_id_number("411325199001011230") == "411325********1230"
    assert mask_phone("13937712345") == "139****2345"
