"""统一社会信用代码 (GB 32100-2015): 18 characters with a check character. Pure."""
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidCreditCode(ValueError):
    pass


def check_char(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def parse_credit_code(raw: str) -> str:
    """The code in upper case, or InvalidCreditCode saying why (in Chinese)."""
    value = (raw or "").strip().upper()
    if len(value) != 18:
        raise InvalidCreditCode("须为 18 位统一社会信用代码")
    if any(c not in ALPHABET for c in value):
        raise InvalidCreditCode("含有不允许的字符(不含 I、O、Z、S、V)")
    if check_char(value[:17]) != value[17]:
        raise InvalidCreditCode("校验码错误")
    return value
