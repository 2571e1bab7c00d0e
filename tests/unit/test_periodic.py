"""A worker's clock runs its task at start, again every period, and past a failing run."""
import threading

from services.common.periodic import every
from tests.support.wait import eventually


def test_runs_at_start_then_every_period_and_a_failure_does_not_stop_it():
    runs = []

    def task():
        runs.append(len(runs))
        if len(runs) == 2:
            raise RuntimeError("a bad hour")
    stop = every(0.005, task, "test-clock")
    try:
        assert eventually(lambda: len(runs) >= 4, 2, 0.002)
    finally:
        stop.set()


def test_a_given_stop_event_stops_it():
    stop, runs = threading.Event(), []
    assert every(60, lambda: runs.append(1), "test-clock", stop) is stop
    assert eventually(lambda: runs == [1], 2, 0.002)
    stop.set()
