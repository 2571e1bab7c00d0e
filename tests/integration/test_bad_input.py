"""Bad input through the gateway gets a clear 4xx naming the field, and stores nothing."""
import http.client
import json
import time
from datetime import date
from urllib.parse import urlsplit

import jwt
import pytest
import requests

from services.common.auth import AUDIENCE, ISSUER
from tests.support.ids import make_id_number

TOWN, VILLAGE = "411325100", "411325100201"


def valid(**over):
    body = {"name": "赵六", "id_number": make_id_number(date(1979, 2, 3)), "phone": "13600001111",
            "township_code": TOWN, "village_code": VILLAGE}
    body.update(over)
    return body


def wrong_check_digit():
    good = make_id_number()
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def impossible_birth_date():
    from services.registry.domain.id_number import check_char
    first17 = "411325" + "19900231" + "123"
    return first17 + check_char(first17)


def stored(mongo) -> tuple[int, int]:
    db = mongo.lex_registry
    return db.persons.count_documents({}), db.outbox.count_documents({})


CASES = [
    ("missing name", lambda: {k: v for k, v in valid().items() if k != "name"}, 400, "name"),
    ("extra field", lambda: valid(salary=3000), 400, "salary"),
    ("mistyped phone", lambda: valid(phone=13600001111), 400, "phone"),
    ("mistyped skills", lambda: valid(skills="电焊"), 400, "skills"),
    ("bad check digit", lambda: valid(id_number=wrong_check_digit()), 400, "id_number"),
    ("impossible birth date", lambda: valid(id_number=impossible_birth_date()), 400, "id_number"),
    ("dollar key", lambda: dict(valid(), **{"$set": {"status": "migrant"}}), 400, "$set"),
    ("nested dollar key", lambda: valid(skills=[{"$ne": None}]), 400, "skills[0].$ne"),
    ("unknown township", lambda: valid(township_code="411325999"), 400, "township_code"),
    ("village of another township", lambda: valid(village_code="411325102201"), 400, "village_code"),
]


@pytest.mark.parametrize("label, make, status, field", CASES, ids=[c[0] for c in CASES])
def test_rejected_with_the_field_named_and_nothing_stored(api, mongo, label, make, status, field):
    before = stored(mongo)
    r = api.call("POST", "/api/registry/persons", as_user="county_admin", json=make())
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert field in err["fields"], err
    assert err["message"] and err["fields"][field]
    assert stored(mongo) == before


def test_body_over_one_mebibyte_is_413(api, mongo):
    before = stored(mongo)
    big = json.dumps(valid(job_intention="x" * (1024 * 1024 + 10)))
    r = api.call("POST", "/api/registry/persons", as_user="county_admin", data=big,
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["code"]
    assert stored(mongo) == before


@pytest.mark.parametrize("status, size, auth", [(413, 1024 * 1024 + 10, True), (401, 300_000, False)],
                         ids=["over the limit", "no token"])
def test_a_connection_refused_a_large_body_serves_the_next_request(stack, api, status, size, auth):
    """gunicorn drains only 64 KiB of a body the app left unread, then closes the connection it
    said it kept alive: a pooled client's next request failed ("Remote end closed connection")."""
    url = urlsplit(stack.url("gateway"))
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = f"Bearer {api.token('county_admin')}"
    try:
        conn.request("POST", "/api/registry/persons", body=b"{" + b" " * size + b"}", headers=headers)
        first = conn.getresponse()
        first.read()
        assert first.status == status and not first.will_close
        time.sleep(0.3)  # time for the server to close the socket, were it going to
        conn.request("GET", "/healthz")
        second = conn.getresponse()
        assert second.status == 200, second.read()
    finally:
        conn.close()


def test_not_json_is_refused(api):
    r = api.call("POST", "/api/registry/persons", as_user="county_admin", data="name=x",
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    r = api.call("POST", "/api/registry/persons", as_user="county_admin", data="{bad",
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "body" in r.json()["error"]["fields"]


def test_duplicate_id_number_is_409_and_stored_once(api, mongo):
    body = valid()
    first = api.call("POST", "/api/registry/persons", as_user="county_admin", json=body)
    assert first.status_code == 201
    r = api.call("POST", "/api/registry/persons", as_user="county_admin", json=dict(body, phone="13700000000"))
    assert r.status_code == 409 and "id_number" in r.json()["error"]["fields"]
    assert mongo.lex_registry.persons.count_documents({"id_number": body["id_number"]}) == 1
    assert mongo.lex_registry.outbox.count_documents({"type": {"$exists": False},
                                                      "key": first.json()["id"]}) == 1


def _token(stack, **claims):
    key = (stack.root / "keys" / "private.pem").read_text()
    now = int(time.time())
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "role": "county_admin", "iat": now, "exp": now + 60}
    base.update(claims)
    return jwt.encode(base, key, algorithm="RS256")


def test_wrong_or_expired_token_is_401(api, stack, mongo):
    before = stored(mongo)
    expired = _token(stack, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
    for token in ("not-a-token", expired, api.token("county_admin")[:-4] + "AAAA"):
        r = api.call("POST", "/api/registry/persons", token=token, json=valid())
        assert r.status_code == 401, (token[:10], r.text)
    # no token and no session cookie (the shared client holds one from its logins)
    assert requests.post(api.base + "/api/registry/persons", json=valid(), timeout=10).status_code == 401
    assert r.json()["error"]["code"] in ("invalid_token", "token_expired")
    assert stored(mongo) == before


def test_token_signed_with_another_key_is_401_at_the_service_itself(stack, api):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    now = int(time.time())
    forged = jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "role": "county_admin",
                         "iat": now, "exp": now + 60}, other, algorithm="RS256")
    import requests
    r = requests.post(stack.url("registry") + "/api/registry/persons", json=valid(),
                      headers={"Authorization": f"Bearer {forged}"}, timeout=10)
    assert r.status_code == 401


@pytest.mark.parametrize("role", ["leader", "police_officer", "worker", "rights_staff"])
def test_wrong_role_is_403(api, mongo, role):
    before = stored(mongo)
    r = api.call("POST", "/api/registry/persons", as_user=role, json=valid())
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden_role"
    assert stored(mongo) == before


def test_unknown_person_is_404_and_bad_paging_400(api):
    assert api.call("GET", "/api/registry/persons/nope", as_user="county_admin").status_code == 404
    r = api.call("GET", "/api/registry/persons?page_size=1000", as_user="county_admin")
    assert r.status_code == 400 and "page_size" in r.json()["error"]["fields"]
    r = api.call("GET", "/api/evaluation/indicators?year=abc", as_user="county_admin")
    assert r.status_code == 400 and "year" in r.json()["error"]["fields"]


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("path, as_user", [("/api/auth/login", None),
                                           ("/api/registry/persons", "county_admin")])
def test_json_nested_5000_deep_is_400_not_500(api, mongo, path, as_user):
    before = stored(mongo)
    r = api.call("POST", path, as_user=as_user, data=DEEP,
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["fields"]["body"]
    assert stored(mongo) == before


@pytest.mark.parametrize("query, field", [("page=²", "page"), ("page_size=1²", "page_size"),
                                          ("page=٢", None)])
def test_other_digit_forms_in_paging_are_never_500(api, query, field):
    r = api.call("GET", f"/api/registry/persons?{query}", as_user="county_admin")
    assert r.status_code < 500, r.text
    if field:
        assert r.status_code == 400 and field in r.json()["error"]["fields"]
