"""Issue 6 item 4: bad input to the chassis is a 4xx with the error shape, never a 500."""
import logging

import pytest
from flask import Flask

from services.common.app_factory import install_chassis
from services.common.openapi import accepts
from services.common.validation import code_arg, int_arg

SCHEMA = {"type": "object", "additionalProperties": True,
          "properties": {"name": {"type": "string"}}}


@pytest.fixture(scope="module")
def client():
    app = Flask("bad-input")
    install_chassis(app, "bad-input", logging.getLogger("bad-input"))

    @app.post("/body")
    @accepts(SCHEMA)
    def body(body):
        return {"ok": True, "keys": sorted(body)}

    @app.get("/args")
    def args():
        return {"page": int_arg("page", 1, 1000, default=1),
                "year": int_arg("year", 2000, 2100, default=2026),
                "town": code_arg("town", digits=9)}

    return app.test_client()


def assert_error_shape(r, status, field):
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    err = r.get_json()["error"]
    assert err["code"] and err["message"] and field in err["fields"]


@pytest.mark.parametrize("doc", [
    "[" * 5000 + "]" * 5000,
    '{"a":' * 5000 + "1" + "}" * 5000,
    '{"name": ' + "[" * 40 + "]" * 40 + "}",          # under the recursion limit, over ours
    '{"name": "\\ud800"}',                               # a lone surrogate: no valid text
    '{"\\udfff": 1}',
    "null",
    "NaN-not-json",
])
def test_unusable_json_is_400(client, doc):
    r = client.post("/body", data=doc, content_type="application/json")
    assert_error_shape(r, 400, "body")


def test_reasonable_nesting_is_accepted(client):
    r = client.post("/body", data='{"name": "x", "deep": ' + "[" * 20 + "]" * 20 + "}",
                    content_type="application/json")
    assert r.status_code == 200


@pytest.mark.parametrize("query, field", [
    ("page=²", "page"), ("page=1²", "page"), ("year=２０２六", "year"), ("year=٢٠٢٦x", "year"),
    ("page=-1", "page"), ("page=9999999999999999999999", "page"), ("page=1e3", "page"),
    ("page= ", "page"), ("town=41132510²", "town"), ("town=４１１３２５１００x", "town"),
])
def test_bad_integer_and_code_parameters_are_400(client, query, field):
    assert_error_shape(client.get(f"/args?{query}"), 400, field)


def test_full_width_digits_are_read_as_ascii(client):
    r = client.get("/args?page=２&town=４１１３２５１００")
    assert r.status_code == 200 and r.get_json()["page"] == 2
    assert r.get_json()["town"] == "411325100"
