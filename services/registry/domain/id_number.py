"""身份证号 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence (odd = male),
check character from ISO 7064 MOD 11-2. Legacy 15-digit numbers (area, 6-digit birth date
with a 19xx year, sequence; still found in old ledgers) are converted to 18 digits."""
from dataclasses import dataclass
from datetime import date

from .text import ascii_code

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
             "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
             "63", "64", "65", "71", "81", "82", "83"}


class InvalidIdNumber(ValueError):
    pass


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    sex: str  # "male" | "female"


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def upgrade_15(value: str) -> str:
    """A 15-digit number (issued before 1999: no century, no check character) as 18 digits."""
    if not (value.isascii() and value.isdigit()):
        raise InvalidIdNumber("旧式 15 位身份证号须全为数字")
    first17 = value[:6] + "19" + value[6:]
    return first17 + check_char(first17)


def parse_id_number(raw: str, today: date | None = None) -> IdNumber:
    today = today or date.today()
    if not isinstance(raw, str):
        raise InvalidIdNumber("须为字符串")
    # NFKC first: a full-width or Arabic-Indic form is the same number, stored once
    value = ascii_code(raw).upper()
    if len(value) == 15:
        value = upgrade_15(value)
    if len(value) != 18:
        raise InvalidIdNumber("须为 18 位(或旧式 15 位)")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise InvalidIdNumber("前 17 位须为数字,末位为数字或 X")
    if value[:2] not in PROVINCES:
        raise InvalidIdNumber("地区码无效")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidIdNumber("出生日期不存在")
    if born > today or born.year < 1900:
        raise InvalidIdNumber("出生日期不合理")
    if check_char(value[:17]) != value[17]:
        raise InvalidIdNumber("校验码错误")
    return IdNumber(value=value, birth_date=born, sex="male" if int(value[16]) % 2 else "female")
