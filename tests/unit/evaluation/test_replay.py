"""The replay's core: the same events, in another order and with duplicates, rebuild the same
cells as the live consumers built one by one."""
import random

from services.evaluation.service_layer import indicators as use_cases
from services.evaluation.service_layer.replay import differences, replay
from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork
from tests.unit.evaluation.test_indicators_from_events import EXAMPLES, life_of_a_worker


def stream():
    events = [e for e, _ in EXAMPLES.values()] + life_of_a_worker()
    return events


def test_replay_of_a_shuffled_stream_with_duplicates_gives_identical_numbers():
    live = FakeEvaluationUnitOfWork()
    for e in stream():
        use_cases.apply_event(live, e)
    rebuilt = FakeEvaluationUnitOfWork()
    noisy = stream() + stream()[:5]  # redelivered
    random.Random(3).shuffle(noisy)
    applied = replay(lambda: rebuilt, noisy, batch=4)
    assert applied == len(stream())
    assert differences(live.indicators.values(), rebuilt.indicators.values()) == []
    assert live.indicators.values()  # and there was something to compare


def test_differences_name_the_cells_that_differ():
    assert differences({"a": 1, "b": 2, "z": 0}, {"a": 1, "b": 3}) == [
        {"cell": "b", "live": 2, "replay": 3}]
