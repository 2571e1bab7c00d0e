"""How personal identifiers look wherever they must not be read in full: pages, API replies
for those who do not need them, and log lines. One format, kept here."""


def mask_id_number(value: str) -> str:
    return value[:6] + "********" + value[-4:] if len(value) == 18 else "*" * len(value)


def mask_phone(value: str | None) -> str | None:
    if not value:
        return value
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else value[:2] + "****"
