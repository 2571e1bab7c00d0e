"""Wakes a background loop when a document is inserted into a collection, instead of the loop
polling it: the outbox relay (a new outbox record), the registry's import runner (a queued
import), the jobs SMS sender (a queued message).

A change stream on the collection (MongoDB replica sets and the embedded secantusdb both have
them) is read in its own thread: each insert sets `wake`. The loop sleeps until woken, with a
slow safety poll in case a wake-up was missed. Measured on secantusdb: an open change stream
waiting in getMore cost no server CPU over its idle baseline, while one find a second cost
0.15% of a core; the idle stack's pollers were most of its database CPU.

If the server has no change streams (a standalone mongod) or the stream breaks, `alive` is
false and the loop goes back to polling until the stream is open again.

    watch = InsertWatch(col, stop).start()
    while not stop.is_set():
        watch.wake.clear()           # before looking: an insert from here on wakes the wait
        if not work():
            watch.wait(fallback_poll)"""
import logging
import threading
import time
from collections import deque

from pymongo.collection import Collection
from pymongo.errors import PyMongoError

log = logging.getLogger(__name__)


class InsertWatch:
    AWAIT_MS = 10_000   # how long the server holds one getMore open when nothing happens
    RETRY_S = 5.0       # after a failure, try to open the stream again this much later
    SAFETY_S = 30.0     # with the stream alive, look anyway this often
    # secantusdb ends every waiting getMore at ANY write of the server, whatever the stream
    # watches, and each round trip cost ~0.45 ms of its CPU: eight streams made one insert
    # elsewhere cost 4.6 ms instead of 1.0 (bench: 1,000 inserts). After an empty answer the
    # next getMore waits a little, doubling up to MAX_GAP, and not at all after an insert, so
    # a busy server costs each stream at most 1/MAX_GAP round trips a second (8 streams, 50 ms:
    # 1.8 ms per insert); an insert is seen at most MAX_GAP late (the stream keeps its place).
    MIN_GAP = 0.005
    MAX_GAP = 0.05
    # secantusdb also decodes every oplog entry of the server for every stream (22% of its
    # CPU during a 100,000-row import, with eight streams; as much while the consumers
    # applied its events in a few large transactions a second). A stream with no insert of
    # its own for BUSY_WINDOW that was woken BUSY_EMPTIES times in that window by others'
    # writes is closed for DORMANT_S: its owner polls meanwhile (alive is false), and calls
    # rouse() when it finds work, which opens it again. An idle server ends a getMore every
    # AWAIT_MS: never this often. A stream whose collection is written to stays open (the
    # registry's relay under load: a pause between two records must not close it).
    BUSY_EMPTIES = 5     # empty answers within the last BUSY_WINDOW ...
    BUSY_WINDOW = 10.0   # ... and no insert for this many seconds
    DORMANT_S = 30.0

    def __init__(self, col: Collection, stop: threading.Event):
        self.col = col
        self.stop = stop
        self.wake = threading.Event()
        self.alive = False
        self.dormant = False
        self.roused = threading.Event()
        wakes = getattr(stop, "wakes", None)  # a StopSignal's set() also ends a dormant sleep
        if wakes is not None:
            wakes.append(self.roused.set)
        self.thread = threading.Thread(target=self._run, name=f"InsertWatch[{col.name}]",
                                       daemon=True)

    def start(self) -> "InsertWatch":
        self.thread.start()
        return self

    def wait(self, poll: float) -> bool:
        """Until an insert (True), or `poll` seconds without a live stream, or the safety
        period with one, or the stop."""
        if self.stop.is_set():
            return False
        return self.wake.wait(self.SAFETY_S if self.alive else poll)

    def rouse(self) -> None:
        """The owner found work while the stream was dormant: open it again now."""
        if self.dormant:
            self.roused.set()

    def _follow(self, stream) -> bool:
        """Read the stream until it ends or the stop (False), or until it is woken only for
        others' writes for a while (True: go dormant)."""
        gap, quiet_since = 0.0, time.monotonic()
        empties: deque = deque(maxlen=self.BUSY_EMPTIES)   # when the last empty answers came
        while not self.stop.is_set() and stream.alive:
            if stream.try_next() is not None:
                self.wake.set()
                gap, quiet_since = 0.0, time.monotonic()
                continue
            now = time.monotonic()
            empties.append(now)
            if (now - quiet_since >= self.BUSY_WINDOW and len(empties) == self.BUSY_EMPTIES
                    and now - empties[0] <= self.BUSY_WINDOW):
                return True
            if gap:
                self.stop.wait(gap)
            gap = min(max(gap * 2, self.MIN_GAP), self.MAX_GAP)
        return False

    def _sleep_dormant(self) -> None:
        self.roused.clear()   # before dormant is seen: a rouse() from then on is kept
        self.alive, self.dormant = False, True
        self.wake.set()  # the owner looks now, then polls
        log.debug("change stream on %s dormant while the server is busy elsewhere", self.col.name)
        self.roused.wait(self.DORMANT_S)
        self.dormant = False

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                with self.col.watch([{"$match": {"operationType": "insert"}}],
                                    max_await_time_ms=self.AWAIT_MS) as stream:
                    self.alive = True
                    self.wake.set()  # the stream is open from here: look once for what came before
                    busy = self._follow(stream)
                if busy:
                    self._sleep_dormant()
                    continue
            except PyMongoError as e:
                if self.alive:
                    log.warning("change stream on %s lost, polling until it is back: %s", self.col.name, e)
                else:
                    log.info("no change stream on %s (%s): polling", self.col.name, e)
            self.alive = False
            self.wake.set()
            self.stop.wait(self.RETRY_S)
