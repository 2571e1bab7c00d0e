"""A small HTTP client for the platform's public API (through the gateway or a service)."""
import time

import requests

from gateway.demo_users import DEMO_PASSWORD  # noqa: E402  (one home for it)


class Api:
    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        self._tokens: dict[str, tuple[str, float]] = {}

    def token(self, username: str) -> str:
        # access tokens live 15 minutes; a whole test session lasts longer: log in again
        # a minute before one expires
        token, renew_at = self._tokens.get(username, (None, 0.0))
        if token is None or time.monotonic() > renew_at:
            r = self.http.post(f"{self.base}/api/auth/login",
                               json={"username": username, "password": DEMO_PASSWORD}, timeout=10)
            assert r.status_code == 200, r.text
            token = r.json()["access_token"]
            self._tokens[username] = (token, time.monotonic() + r.json()["expires_in"] - 60)
        return token

    def call(self, method: str, path: str, as_user: str | None = None, token: str | None = None,
             **kw) -> requests.Response:
        headers = kw.pop("headers", {})
        if as_user:
            token = self.token(as_user)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, f"{self.base}{path}", headers=headers, timeout=30, **kw)

    def registered(self, year: int, township: str, as_user: str = "county_admin") -> int:
        r = self.call("GET", f"/api/evaluation/indicators?year={year}", as_user=as_user)
        assert r.status_code == 200, r.text
        rows = [t for t in r.json()["townships"] if t["township_code"] == township]
        return rows[0]["registered"] if rows else 0

    def wait_registered(self, year: int, township: str, expected: int, timeout: float = 30.0,
                        settle: float = 1.5) -> int:
        """Wait until the counter reaches `expected`, then a while longer to see it stays."""
        deadline = time.monotonic() + timeout
        value = self.registered(year, township)
        while value < expected and time.monotonic() < deadline:
            time.sleep(0.1)
            value = self.registered(year, township)
        if value == expected and settle:
            time.sleep(settle)
            value = self.registered(year, township)
        return value
