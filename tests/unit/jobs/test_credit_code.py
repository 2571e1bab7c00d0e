"""统一社会信用代码 (GB 32100) check character."""
import pytest

from services.common.domain.credit_code import InvalidCreditCode, parse_credit_code


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "914403001922038216",
                                  " 91350100m000100y43 "])
def test_real_codes_pass(code):
    assert parse_credit_code(code) == code.strip().upper()


@pytest.mark.parametrize("code,why", [
    ("91350100M000100Y44", "校验码"),       # last character changed
    ("91350100M000100Y4", "18 位"),
    ("91350100M0001O0Y43", "不允许的字符"),  # letter O is not in the alphabet
    ("91AB0100M000100Y43", "行政区划"),
])
def test_bad_codes_say_why(code, why):
    with pytest.raises(InvalidCreditCode, match=why):
        parse_credit_code(code)
