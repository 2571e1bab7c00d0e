"""统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V,
Z): registration authority, organization type, 6-digit division code, 9-character
organization code, and a check character (weighted sum mod 31)."""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidCreditCode(ValueError):
    pass


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def parse_credit_code(raw) -> str:
    """The code, upper-cased and trimmed, or InvalidCreditCode with the reason in Chinese."""
    if not isinstance(raw, str):
        raise InvalidCreditCode("须为字符串")
    value = raw.strip().upper()
    if len(value) != 18:
        raise InvalidCreditCode("须为 18 位")
    bad = [c for c in value if c not in ALPHABET]
    if bad:
        raise InvalidCreditCode(f"含有不允许的字符“{bad[0]}”(不含 I、O、S、V、Z)")
    if not value[2:8].isdigit():
        raise InvalidCreditCode("第 3-8 位须为行政区划代码")
    if check_character(value[:17]) != value[17]:
        raise InvalidCreditCode("校验码错误")
    return value
