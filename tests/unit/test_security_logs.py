"""Issue 6 item 3: no full ID or phone number in any field of a log line, and a caller's
request id is echoed only in a safe shape."""
import io
import json
import logging

import pytest
from flask import Flask

from services.common.app_factory import install_chassis, safe_request_id
from services.common.logs import JsonFormatter

ID = "411325199001011230"
PHONE = "13937712345"
FULL_WIDTH_ID = "４１１３２５１９９００１０１１２３Ｘ"
ARABIC_INDIC_PHONE = "١٣٩٣٧٧١٢٣٤٥"


def formatted(**extra) -> str:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "request", (), None)
    for k, v in extra.items():
        setattr(record, k, v)
    return JsonFormatter("t").format(record)


@pytest.mark.parametrize("field, value", [
    ("path", f"/api/registry/persons/{ID}"),
    ("query", {"q": [PHONE]}),
    ("headers", {"X-Echo": f"tel {PHONE}"}),
    ("whatever_extra", [f"id {ID}"]),
    ("path", f"/api/registry/persons/{FULL_WIDTH_ID}"),
    ("note", f"电话{ARABIC_INDIC_PHONE}"),
])
def test_every_field_is_masked(field, value):
    line = formatted(**{field: value})
    entry = json.loads(line)
    assert field in entry
    for secret in (ID, PHONE, FULL_WIDTH_ID, ARABIC_INDIC_PHONE, "199001011", "3771"):
        assert secret not in line


def test_exception_text_is_masked():
    try:
        raise ValueError(f"bad id {ID}")
    except ValueError:
        import sys
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JsonFormatter("t").format(record)
    assert ID not in line and "411325********1230" in line


@pytest.mark.parametrize("raw, kept", [
    ("abcDEF12-_xyz", True),
    ("short", False),                      # under 8
    ("x" * 65, False),                     # over 64
    ("has space inside", False),
    ("line\nbreak-injected", False),
    ("中文请求编号abcdefgh", False),
    (ID, False),                           # an ID number is not a request id
    (f"req-{PHONE}", False),
    ("", False),
    (None, False),
])
def test_request_id_only_in_a_safe_shape(raw, kept):
    rid = safe_request_id(raw)
    assert (rid == raw) is kept
    assert 8 <= len(rid) <= 64 and rid.replace("-", "").replace("_", "").isalnum()


def test_access_log_of_a_request_masks_path_query_and_request_id():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("t"))
    log = logging.getLogger("security-logs-test")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    app = Flask("t")
    install_chassis(app, "t", log)
    r = app.test_client().get(f"/nowhere/{ID}?phone={PHONE}", headers={"X-Request-ID": ID})
    assert r.status_code == 404
    assert r.headers["X-Request-ID"] != ID
    out = stream.getvalue()
    assert '"path"' in out and '"query"' in out
    assert ID not in out and PHONE not in out
