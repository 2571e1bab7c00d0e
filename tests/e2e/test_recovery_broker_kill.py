"""The embedded broker SIGKILLed under a load of registrations and started again: its log file
can lose the last seconds, so the relay re-publishes the recently sent records and the
consumer re-reads; every 201 must be counted exactly once by the evaluation indicator."""
import signal
import threading
import time
from datetime import date

from tests.support.client import Api
from tests.support.ids import make_id_number

YEAR = date.today().year
TOWN, VILLAGE = "411325306", "411325306202"   # 七里坪乡: no other recovery test uses it


def test_broker_sigkilled_under_load_every_201_counted_exactly_once(api, embedded):
    stack = embedded
    before = api.registered(YEAR, TOWN)
    acked, errors, stop = [], [], threading.Event()

    def register_continuously():
        client = Api(stack.url("gateway"))
        while not stop.is_set():
            body = {"name": "孙八", "id_number": make_id_number(), "phone": "13512345678",
                    "township_code": TOWN, "village_code": VILLAGE}
            r = client.call("POST", "/api/registry/persons", as_user="county_admin", json=body)
            (acked if r.status_code == 201 else errors).append((r.status_code, r.text[:200]))

    load = [threading.Thread(target=register_continuously) for _ in range(3)]
    for t in load:
        t.start()
    try:
        time.sleep(4)                                   # events flowing: sent, consumed
        stack.kill("noida-db", signal.SIGKILL, wait=10)  # a power cut for the broker
        during = len(acked)
        time.sleep(3)
        assert len(acked) > during                      # registrations go on without it
        stack.start_kafka_es()
        time.sleep(4)                                   # and after it is back
    finally:
        stop.set()
        for t in load:
            t.join(30)
    assert not errors, errors[:3]
    expected = before + len(acked)
    assert api.wait_registered(YEAR, TOWN, expected, timeout=180, settle=5) == expected
