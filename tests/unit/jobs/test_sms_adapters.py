"""The SMS gateway adapters without a network: the HTTP gateway posts {to, text, ref} to the
configured URL and turns the answer into sent/failed with the gateway's words; an unreachable
gateway is a failure that names no phone; without SMS_GATEWAY_URL the delivery log is used."""
import requests

from services.jobs.sms import adapters

PHONE = "13912345678"


class Reply:
    def __init__(self, status, text):
        self.status_code, self.text = status, text


def test_the_http_gateway_posts_the_message_and_keeps_the_answer(monkeypatch):
    calls = []

    def post(url, data, headers, timeout):
        calls.append((url, data, headers, timeout))
        return Reply(200, '{"id": "m-1", "status": "accepted"}')

    monkeypatch.setattr(adapters.requests, "post", post)
    answer = adapters.HttpSmsGateway("https://sms.example.invalid/send", "t0ken", 5).send(PHONE, "你好", "p1:2026-05-01")
    assert answer.ok and answer.detail == 'HTTP 200 {"id": "m-1", "status": "accepted"}'
    url, data, headers, timeout = calls[0]
    assert url == "https://sms.example.invalid/send" and timeout == 5
    assert headers["Authorization"] == "Bearer t0ken"
    import json
    assert json.loads(data) == {"to": PHONE, "text": "你好", "ref": "p1:2026-05-01"}


def test_a_refusal_or_an_unreachable_gateway_is_a_failure(monkeypatch):
    monkeypatch.setattr(adapters.requests, "post", lambda *a, **k: Reply(503, "busy"))
    answer = adapters.HttpSmsGateway("https://sms.example.invalid/send").send(PHONE, "x", "r")
    assert not answer.ok and answer.detail == "HTTP 503 busy"

    def down(*a, **k):
        raise requests.ConnectionError(f"cannot reach for {PHONE}")

    monkeypatch.setattr(adapters.requests, "post", down)
    answer = adapters.HttpSmsGateway("https://sms.example.invalid/send").send(PHONE, "x", "r")
    assert not answer.ok and answer.detail == "网关不可达:ConnectionError" and PHONE not in answer.detail


def test_the_gateway_is_chosen_by_settings(monkeypatch, tmp_path):
    monkeypatch.delenv("SMS_GATEWAY", raising=False)
    assert isinstance(adapters.gateway_from_settings(db=object()), adapters.DeliveryLogGateway)
    monkeypatch.setenv("SMS_GATEWAY", "delivery_log")
    assert isinstance(adapters.gateway_from_settings(db=object()), adapters.DeliveryLogGateway)
    monkeypatch.setenv("SMS_GATEWAY", "https://sms.example.invalid/send")
    monkeypatch.setenv("SMS_GATEWAY_TOKEN_FILE", str(tmp_path / "absent"))
    chosen = adapters.gateway_from_settings(db=object())
    assert isinstance(chosen, adapters.HttpSmsGateway) and chosen.url == "https://sms.example.invalid/send"
    assert chosen.token is None
    (tmp_path / "token").write_text("s3cret\n")
    monkeypatch.setenv("SMS_GATEWAY_TOKEN_FILE", str(tmp_path / "token"))
    assert adapters.gateway_from_settings(db=object()).token == "s3cret"


def test_the_delivery_log_keeps_the_phone_masked_and_digested():
    class Collection:
        def __init__(self):
            self.writes = []

        def update_one(self, query, update, upsert):
            self.writes.append((query, update, upsert))

    class Db:
        sms_delivery_log = Collection()

    db = Db()
    answer = adapters.DeliveryLogGateway(db).send(PHONE, "招聘短信", "p1:2026-05-01")
    assert answer.ok and "p1:2026-05-01" in answer.detail
    (query, update, upsert), = db.sms_delivery_log.writes
    assert query == {"_id": "p1:2026-05-01"} and upsert
    doc = update["$setOnInsert"]
    assert doc["phone_masked"] == "139********" and doc["phone_sha256"] == adapters.phone_digest(PHONE)
    assert PHONE not in str(doc)
