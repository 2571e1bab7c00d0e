"""Every service: /healthz, /readyz (its MongoDB and Kafka), an OpenAPI document, JSON errors."""
import pytest
import requests

from deploy.embedded.stack import SERVICES


@pytest.mark.parametrize("svc", SERVICES)
def test_health_ready_and_openapi(stack, svc):
    base = stack.url(svc)
    assert requests.get(base + "/healthz", timeout=5).json()["status"] == "ok"
    ready = requests.get(base + "/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json()["checks"] == {"mongodb": "ok", "kafka": "ok"}
    doc = requests.get(base + "/openapi.json", timeout=5).json()
    assert doc["openapi"].startswith("3.") and "/healthz" in doc["paths"]
    missing = requests.get(base + "/no/such/path", timeout=5)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_registry_openapi_documents_the_person_body_and_roles(stack):
    doc = requests.get(stack.url("registry") + "/openapi.json", timeout=5).json()
    post = doc["paths"]["/api/registry/persons"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert "id_number" in schema["required"]
    assert "township_staff" in post["x-roles"]


def test_logs_are_json_with_no_personal_data(api, stack):
    from datetime import date
    import json
    from tests.support.ids import make_id_number
    idn = make_id_number(date(1970, 1, 1))
    body = {"name": "钱七", "id_number": idn, "phone": "15912345678",
            "township_code": "411325103", "village_code": "411325103201"}
    assert api.call("POST", "/api/registry/persons", as_user="county_admin", json=body).status_code == 201
    # and a rejected one, whose number might end up in an error log
    api.call("POST", "/api/registry/persons", as_user="county_admin", json=dict(body, extra=idn))
    import time
    time.sleep(1.0)
    for log in (stack.root / "logs").glob("*.log"):
        text = log.read_text(errors="replace")
        assert idn not in text and "15912345678" not in text, log.name
    lines = [l for l in (stack.root / "logs" / "registry.log").read_text().splitlines() if l.startswith("{")]
    assert lines and all("service" in json.loads(l) for l in lines[-5:])
