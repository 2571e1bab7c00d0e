"""The region list pages outside the registry read: fetched once per period, the last good
answer kept while the registry fails or answers nonsense."""
import requests

from services.common.ui import region_list
from services.common.ui.region_list import RegionList

GOOD = {"county": {"code": "411325", "name": "内乡县"},
        "townships": [{"code": "411325100", "name": "城关镇",
                       "villages": [{"code": "411325100201", "name": "书院村民委员会"}]}]}


class Answer:
    def __init__(self, body):
        self.body = body

    def json(self):
        if isinstance(self.body, Exception):
            raise self.body
        return self.body


def test_fetched_once_per_period_and_kept_when_the_registry_fails(monkeypatch):
    answers = [GOOD, requests.ConnectionError("down"), {"townships": [{"code": "x"}]}]
    calls = []

    def get(url, timeout):
        calls.append(url)
        body = answers[min(len(calls) - 1, len(answers) - 1)]
        if isinstance(body, requests.RequestException):
            raise body
        return Answer(body)
    monkeypatch.setattr(region_list.requests, "get", get)
    regions = RegionList(ttl_s=0)
    assert regions.get("http://r") == GOOD
    assert regions.get("http://r") == GOOD          # the registry is down: the last good list
    assert regions.get("http://r") == GOOD          # a malformed answer is not taken
    assert calls == ["http://r/api/registry/regions"] * 3
    cached = RegionList(ttl_s=600)
    calls.clear()
    cached.get("http://r"), cached.get("http://r")
    assert len(calls) == 1


def test_nothing_known_yet_is_an_empty_list(monkeypatch):
    def down(url, timeout):
        raise requests.ConnectionError("down")
    monkeypatch.setattr(region_list.requests, "get", down)
    assert RegionList().get("http://r") == {}
