"""Structured JSON logs carrying the request id. Personal data never reaches a log line:
ID numbers and mobile numbers are masked by a filter on every record, whatever logged it."""
import json
import logging
import re
import sys
import time
import unicodedata
from contextvars import ContextVar

from .domain.personal_data import mask_id_number, mask_phone

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# 18-character 身份证号 (last may be X) and 11-digit mainland mobile numbers. Matched on a copy
# with every Unicode decimal digit folded to ASCII, so full-width or Arabic-Indic digits,
# which are the same number to a reader, are masked too.
_ID_RE = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_PHONE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# Fields a record carries besides its message; everything else on a LogRecord is logging's own.
_RECORD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# The only shape in which a caller's X-Request-ID is accepted, echoed and logged.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class _AsciiDigits(dict):
    """str.translate table: any decimal digit -> its ASCII digit (one char for one char)."""
    def __missing__(self, code: int):
        digit = unicodedata.decimal(chr(code), None)
        self[code] = str(digit) if digit is not None else code
        return self[code]


_FOLD = _AsciiDigits({ord("Ｘ"): "X", ord("ｘ"): "x"})


def redact(text: str) -> str:
    folded = text if text.isascii() else text.translate(_FOLD)  # most lines are ASCII
    if len(folded) != len(text):  # cannot happen (one char for one); never risk a leak
        folded = text
    spans = [(m.start(), m.end(), mask_id_number(m.group(0))) for m in _ID_RE.finditer(folded)]
    spans += [(m.start(), m.end(), mask_phone(m.group(0))) for m in _PHONE_RE.finditer(folded)]
    for start, end, masked in sorted(spans, reverse=True):
        text = text[:start] + masked + text[end:]
    return text


def redact_value(value):
    """Every string inside a log field is masked, at any depth (paths, queries, headers)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(str(k)): redact_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [redact_value(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return redact(str(value))


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        rid = request_id_var.get()
        if rid:
            entry["request_id"] = rid  # safe by construction (app_factory)
        for key, value in vars(record).items():  # every extra field, masked like the message
            if key not in _RECORD_ATTRS and key not in entry and not key.startswith("_"):
                entry[key] = redact_value(value)
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exc"] = redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(service: str, level: str = "INFO") -> logging.Logger:
    root = logging.getLogger()
    if not any(getattr(h, "_lex", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter(service))
        handler._lex = True
        root.handlers = [handler]
    root.setLevel(level)
    for noisy in ("kafka", "urllib3", "elastic_transport", "pymongo"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return logging.getLogger(service)
