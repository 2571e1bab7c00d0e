"""Structured JSON logs carrying the request id. Personal data never reaches a log line:
ID numbers and mobile numbers are masked by a filter on every record, whatever logged it."""
import json
import logging
import re
import sys
import time
from contextvars import ContextVar

from .domain.personal_data import mask_id_number, mask_phone

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# 18-character 身份证号 (last may be X) and 11-digit mainland mobile numbers.
_ID_RE = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_PHONE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def redact(text: str) -> str:
    text = _ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


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
            entry["request_id"] = rid
        for key in ("method", "path", "status", "duration_ms", "event_id", "event_type",
                    "topic", "correlation_id", "user"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
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
