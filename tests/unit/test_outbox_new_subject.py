"""An event whose subject was made in the same transaction (a registration's new person) takes
the clock as its per-key seq without reading the outbox; any other reads the key's last seq."""
import time

from services.common.events.outbox import add_to_outbox


class Col:
    def __init__(self, last=None):
        self.last, self.reads, self.docs = last, 0, []

    def find_one(self, *a, **k):
        self.reads += 1
        return self.last

    def insert_one(self, doc, session=None):
        self.docs.append(doc)


EVENT = {"id": "e1", "type": "person.registered", "subject": "p1"}


def test_a_new_subject_takes_the_clock_without_a_read():
    col = Col()
    before = time.time_ns()
    add_to_outbox({"outbox": col}, None, EVENT, topic="t", new_subject=True)
    assert col.reads == 0 and col.docs[0]["seq"] >= before and col.docs[0]["key"] == "p1"


def test_an_existing_subject_follows_its_last_seq_even_ahead_of_the_clock():
    ahead = time.time_ns() + 10**12
    col = Col(last={"seq": ahead})
    add_to_outbox({"outbox": col}, None, EVENT, topic="t")
    assert col.reads == 1 and col.docs[0]["seq"] == ahead + 1
