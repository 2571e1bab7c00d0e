"""Loose text made safe before validation and storage: code-like fields folded to ASCII (NFKC,
so full-width and Arabic-Indic digits are the same number as ASCII ones), names checked
character by character, and digit runs that look like ID or phone numbers masked in free text
before it leaves the owner's records."""
import re
import unicodedata


def ascii_code(raw) -> str:
    """An ID number, phone or region code in ASCII, or "" when it is not a string. Full-width
    and other digit forms become ASCII digits (NFKC folds full-width; Arabic-Indic and other
    decimal digits are mapped by their numeric value)."""
    if not isinstance(raw, str):
        return ""
    text = unicodedata.normalize("NFKC", raw).strip()
    out = []
    for ch in text:
        if not ch.isascii() and unicodedata.category(ch) == "Nd":
            ch = str(unicodedata.decimal(ch))
        out.append(ch)
    return "".join(out)


def is_ascii_digits(value: str, length: int | None = None) -> bool:
    # str.isdigit() accepts "²" and other digits that int() cannot read
    return value.isascii() and value.isdigit() and (length is None or len(value) == length)


def _is_ideograph(ch: str) -> bool:
    # every CJK block (URO, Extensions A-H, compatibility ideographs) is named so
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


NAME_MARKS = {"·", "•", "・", "〇", "-"}  # 买买提·艾力, 〇 in rural names


def name_problem(raw) -> tuple[str, str | None]:
    """(cleaned name, reason or None). Ideographs of every CJK block, Latin letters, the
    middle dot and 〇 are accepted; control and separator characters (\\x1f, \\x85, \\u2028,
    ideographic space) and whitespace-only names are refused."""
    if not isinstance(raw, str):
        return "", "须为文字"
    name = raw.strip(" ")
    if not name.strip():
        return "", "不能为空"
    for ch in name:
        if ch == " ":
            continue  # a single ASCII space between Latin parts
        cat = unicodedata.category(ch)
        if cat[0] in "CZ":
            return "", "含有控制字符或特殊空白"
        if not (_is_ideograph(ch) or ch in NAME_MARKS or (ch.isascii() and ch.isalpha())):
            return "", f"含有不允许的字符“{ch}”"
    if "  " in name:
        return "", "不能含连续空格"
    if not 2 <= len(name) <= 30:
        return "", "须为 2-30 个字"
    return name, None


MOBILE = re.compile(r"1[3-9][0-9]{9}")
LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}")


def phone_problem(raw) -> tuple[str, str | None]:
    """A mainland mobile (11 digits) or a landline with its area code, after NFKC and with
    surrounding whitespace (a trailing newline from a pasted cell) removed."""
    value = ascii_code(raw)
    if MOBILE.fullmatch(value) or LANDLINE.fullmatch(value):
        return value, None
    return "", "须为 11 位手机号或带区号的固定电话"


# seven or more digits, possibly split by single spaces or dashes: an ID number, a phone, a
# bank card; a wage (4-5 digits) or a year stays readable
_NUMBER_RUN = re.compile(r"[0-9](?:[ \-]?[0-9]){6,}(?:[ \-]?[Xx])?")


def mask_numbers(text):
    """Free text (job intention, notes, skills) as it may leave the owner's records."""
    if not isinstance(text, str) or not text:
        return text
    folded = ascii_code(text) if any(not c.isascii() for c in text) else text
    if not _NUMBER_RUN.search(folded):
        return text
    return _NUMBER_RUN.sub(lambda m: "*" * len(m.group(0)), folded)


def mask_numbers_in(value):
    """mask_numbers over a string or a list of strings."""
    if isinstance(value, list):
        return [mask_numbers(v) for v in value]
    return mask_numbers(value)
