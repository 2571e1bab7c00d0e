"""The embedded broker SIGKILLed under a load of registrations and started again: its log file
can lose the last seconds, so the relay re-publishes the recently sent records and the
consumer re-reads; every 201 must be counted exactly once by the evaluation indicator."""
import itertools
import random
import signal
import threading
from datetime import date, timedelta

import requests

from tests.support.client import Api
from tests.support.ids import make_id_number
from tests.support.wait import eventually

YEAR = date.today().year
TOWN, VILLAGE = "411325306", "411325306202"   # 七里坪乡: no other recovery test uses it
NAMES = ["".join(p) for p in itertools.product("王李张刘陈杨赵黄周吴", "建国华明军平志伟", "红芳秀英丽敏静强")]


def new_person() -> dict:
    """Distinct name and birth date: concurrent likely duplicates are another test's subject."""
    born = date(1970, 1, 1) + timedelta(days=random.randrange(10000))
    return {"name": random.choice(NAMES), "id_number": make_id_number(born), "phone": "13512345678",
            "township_code": TOWN, "village_code": VILLAGE}


def test_broker_sigkilled_under_load_every_201_counted_exactly_once(api, embedded):
    stack = embedded
    before = api.registered(YEAR, TOWN)
    token = api.token("county_admin")       # one login: a loaded machine hashes slowly
    # unknown: the client gave up waiting, so the registration may or may not be committed
    acked, errors, unknown, stop = [], [], [], threading.Event()

    def register_continuously():
        client = Api(stack.url("gateway"))
        while not stop.is_set():
            try:
                r = client.call("POST", "/api/registry/persons", token=token, json=new_person())
            except requests.RequestException as e:
                unknown.append(repr(e))
                continue
            (acked if r.status_code == 201 else errors).append((r.status_code, r.text[:200]))

    load = [threading.Thread(target=register_continuously) for _ in range(3)]
    for t in load:
        t.start()
    went_on = False
    try:
        assert eventually(lambda: len(acked) >= 5, 60)   # events flowing: sent, consumed
        stack.kill("noida-db", signal.SIGKILL, wait=10)  # a power cut for the broker
        during = len(acked)
        went_on = eventually(lambda: len(acked) >= during + 3, 60)  # registering without it
    finally:
        if stack.pid("noida-db") is None:
            stack.start_kafka_es()                       # it comes back, whatever happened
        back = len(acked)
        eventually(lambda: len(acked) >= back + 3, 60)   # and some after it is back
        stop.set()
        for t in load:
            t.join(30)
    assert went_on, "registrations stopped while the broker was down"
    assert not errors, errors[:3]
    expected = before + len(acked)
    counted = api.wait_registered(YEAR, TOWN, expected, timeout=180, settle=5)
    # exactly once: nothing lost, nothing twice (a timed-out request may have been committed)
    assert expected <= counted <= expected + len(unknown), (counted, expected, unknown[:2])
