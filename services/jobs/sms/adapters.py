"""The SMS gateway's adapters. `gateway_from_settings()` picks one: the HTTP gateway when
SMS_GATEWAY is an http(s) URL (production: the county's contracted SMS service, named only by
that setting), else the delivery log (embedded stack, tests), which writes what would have been
sent to MongoDB and answers "logged". The phone passes through `send` only; neither adapter
logs it, and the delivery log keeps it masked with a SHA-256 to tell numbers apart."""
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone

import requests

from services.common.config import env

from ..domain.notifications import SmsAnswer, masked

log = logging.getLogger("jobs.sms")


def phone_digest(phone: str) -> str:
    return hashlib.sha256(phone.encode("ascii")).hexdigest()


@dataclass
class HttpSmsGateway:
    """POST {to, text, ref} as JSON to `url` (bearer `token` when given); a 2xx answer is
    accepted, its body (an id, a status) kept as the answer; anything else is a failure with
    the status and body. No retries here: a message is tried once (never twice in a day)."""
    url: str
    token: str | None = None
    timeout: float = 10.0
    name: str = "http"

    def send(self, phone: str, text: str, ref: str) -> SmsAnswer:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            r = requests.post(self.url, data=json.dumps({"to": phone, "text": text, "ref": ref}, ensure_ascii=False)
                              .encode("utf-8"), headers=headers, timeout=self.timeout)
        except requests.RequestException as e:
            # the exception text may hold the URL, never the phone (it is in the body only)
            return SmsAnswer(False, f"网关不可达:{type(e).__name__}")
        body = (r.text or "").strip()[:300]
        if 200 <= r.status_code < 300:
            return SmsAnswer(True, f"HTTP {r.status_code} {body}".strip())
        return SmsAnswer(False, f"HTTP {r.status_code} {body}".strip())


@dataclass
class DeliveryLogGateway:
    """Stands in for the SMS service: the message goes to the `sms_delivery_log` collection
    (masked phone, its digest, text, ref, when) and the answer is "logged"."""
    db: object
    name: str = "delivery_log"

    def send(self, phone: str, text: str, ref: str) -> SmsAnswer:
        now = datetime.now(timezone.utc)
        self.db.sms_delivery_log.update_one(
            {"_id": ref}, {"$setOnInsert": {"phone_masked": masked(phone), "phone_sha256": phone_digest(phone),
                                            "text": text, "logged_at": now}}, upsert=True)
        return SmsAnswer(True, f"已记入投递日志 {ref}")


def _token(path: str | None) -> str | None:
    """The gateway's token from a secrets file, if there is one (never in the environment)."""
    if not path or not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as fh:
        return fh.read().strip() or None


def gateway_from_settings(db):
    """SMS_GATEWAY: an http(s) URL sends through that gateway (token from the file named by
    SMS_GATEWAY_TOKEN_FILE, if it exists); anything else ("delivery_log", the default) keeps
    the messages in the delivery log: no real SMS leaves unless a gateway is configured."""
    target = env("SMS_GATEWAY", "delivery_log")
    if target.startswith(("http://", "https://")):
        return HttpSmsGateway(target, _token(env("SMS_GATEWAY_TOKEN_FILE")))
    return DeliveryLogGateway(db)
