"""InsertWatch: a change stream wakes the loop on an insert; without one the loop polls."""
import threading
import types
import time

from pymongo.errors import OperationFailure

from services.common.watch import InsertWatch
from tests.support.wait import eventually


class Stream:
    def __init__(self, changes):
        self.changes, self.alive = changes, True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def try_next(self):
        time.sleep(0.01)
        return self.changes.pop(0) if self.changes else None


class Col:
    name = "things"

    def __init__(self, changes=None, fail=False):
        self.stream, self.fail, self.pipelines = Stream(changes or []), fail, []

    def watch(self, pipeline, max_await_time_ms):
        self.pipelines.append(pipeline)
        if self.fail:
            raise OperationFailure("The $changeStream stage is only supported on replica sets")
        return self.stream


def test_an_insert_wakes_the_loop_and_the_safety_poll_is_long_while_the_stream_lives():
    stop = threading.Event()
    col = Col()
    watch = InsertWatch(col, stop).start()
    try:
        assert eventually(lambda: watch.alive, 2, interval=0.002)
        assert col.pipelines == [[{"$match": {"operationType": "insert"}}]]
        watch.wake.clear()
        col.stream.changes.append({"operationType": "insert"})
        began = time.monotonic()
        assert watch.wait(poll=5.0) is True and time.monotonic() - began < 3.0
    finally:
        stop.set()


def test_without_change_streams_the_loop_polls_at_its_own_period():
    stop = threading.Event()
    col = Col(fail=True)
    watch = InsertWatch(col, stop).start()
    try:
        # the failed open sets `wake` once (look now), then the thread waits RETRY_S (5 s)
        assert eventually(lambda: col.pipelines and watch.wake.is_set(), 2, interval=0.002)
        assert watch.thread.is_alive() and not watch.alive
        watch.wake.clear()
        began = time.monotonic()
        assert watch.wait(poll=0.03) is False
        assert 0.025 < time.monotonic() - began < 10.0  # the poll period, not the 30 s safety
    finally:
        stop.set()


class EmptyAnswers(Stream):
    """A server that ends every getMore at once with nothing (another collection's writes)."""
    def __init__(self):
        super().__init__([])
        self.calls = 0

    def try_next(self):
        self.calls += 1
        return self.changes.pop(0) if self.changes else None


class GapRecorder(threading.Event):
    """The watch's stop flag, recording each gap the watch waits between getMores instead of
    sleeping it: after `insert_after` gaps it puts one insert in the stream, after `gaps`
    gaps it is set (the watch stops)."""
    def __init__(self, stream, gaps, insert_after):
        super().__init__()
        self.stream, self.gaps, self.insert_after, self.waited = stream, gaps, insert_after, []

    def wait(self, timeout=None):
        if self.is_set() or timeout is None or timeout >= InsertWatch.RETRY_S:
            return super().wait(timeout)
        self.waited.append(timeout)
        if len(self.waited) == self.insert_after:
            self.stream.changes.append({"operationType": "insert"})
        if len(self.waited) == self.gaps:
            self.set()
        return self.is_set()


def test_empty_answers_space_the_next_getmore_out_and_an_insert_is_still_seen_soon():
    col = Col()
    col.stream = EmptyAnswers()
    stop = GapRecorder(col.stream, gaps=9, insert_after=6)

    class NeverDormant(InsertWatch):   # (dormancy: the tests below)
        BUSY_EMPTIES = 10 ** 9
    watch = NeverDormant(col, stop).start()
    watch.thread.join(5)
    stop.set()                                    # (a watch that never waits spins until here)
    assert not watch.thread.is_alive()
    lo, hi = InsertWatch.MIN_GAP, InsertWatch.MAX_GAP
    # doubling from MIN_GAP after each empty answer, never over MAX_GAP (without: thousands of
    # getMores a second); the insert is answered at once and starts the gaps over, so it is
    # seen at most MAX_GAP after it happened (5, 10, 20, 40, 50, 50 ms, then 5, 10, 20 ms)
    assert stop.waited == [min(lo * 2 ** i, hi) for i in range(6)] + [lo, 2 * lo, 4 * lo]
    # an empty answer without a gap before each run of gaps: 1 + 6, the insert, 1 + 3
    assert col.stream.calls == 1 + 6 + 1 + 1 + 3
    assert watch.wake.is_set()


class QuickWatch(InsertWatch):
    MIN_GAP = MAX_GAP = 0.001
    BUSY_EMPTIES = 5
    BUSY_WINDOW = 0.05
    DORMANT_S = 30.0


def test_a_stream_woken_only_by_others_writes_goes_dormant_and_the_owner_polls_until_roused():
    col = Col()
    col.stream = EmptyAnswers()
    stop = threading.Event()
    watch = QuickWatch(col, stop).start()
    try:
        assert eventually(lambda: watch.dormant, 2, interval=0.002)
        assert not watch.alive and watch.wake.is_set()           # the owner looks, then polls
        assert col.stream.calls >= QuickWatch.BUSY_EMPTIES and len(col.pipelines) == 1
        watch.wake.clear()
        began = time.monotonic()
        assert watch.wait(poll=0.03) is False and time.monotonic() - began < 1.0  # not 30 s
        col.stream.changes.append({"operationType": "insert"})
        watch.rouse()                                             # the owner found work
        assert eventually(lambda: len(col.pipelines) == 2 and watch.alive, 2, interval=0.002)
    finally:
        stop.set()
        watch.rouse()


def test_a_stream_that_sees_its_own_inserts_among_others_writes_stays_open(monkeypatch):
    """On a clock the stream moves (2 ms a getMore, no real sleeping): an insert of its own
    every 30 ms with many empty answers between, for eight windows: never dormant."""
    import services.common.watch as watch_module
    clock = types.SimpleNamespace(now=0.0)
    clock.monotonic = lambda: clock.now
    monkeypatch.setattr(watch_module, "time", clock)

    class NoWait(threading.Event):      # the gaps between getMores cost nothing here
        def wait(self, timeout=None):
            return self.is_set()
    stop = NoWait()

    class Mixed(EmptyAnswers):
        def try_next(self):
            self.calls += 1
            clock.now += 0.002
            if self.calls >= 200:        # 0.4 s on the stream's clock: 8 windows of 50 ms
                stop.set()
            return {"operationType": "insert"} if self.calls % 15 == 0 else None
    col = Col()
    col.stream = Mixed()
    watch = QuickWatch(col, stop).start()
    watch.thread.join(2)
    assert not watch.thread.is_alive() and col.stream.calls == 200
    assert not watch.dormant and len(col.pipelines) == 1
