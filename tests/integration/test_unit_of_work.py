"""The unit of work against the real MongoDB: a write block is one transaction; a reading()
block opens none (no session, nothing to abort) and refuses to write."""
import uuid

import pytest

from services.common.uow import MongoUnitOfWork


class Things:
    def __init__(self, db, session):
        self.db, self.session = db, session

    def add(self, doc):
        self.db.things.insert_one(doc, session=self.session)

    def get(self, id_):
        return self.db.things.find_one({"_id": id_}, session=self.session)


class ThingsUnitOfWork(MongoUnitOfWork):
    def repositories(self, db, session):
        return {"things": Things(db, session)}


@pytest.fixture
def db(mongo):
    name = f"lex_test_uow_{uuid.uuid4().hex[:8]}"
    yield mongo[name]
    mongo.drop_database(name)


def test_a_reading_block_reads_without_a_transaction_and_refuses_to_write(mongo, db):
    uow = ThingsUnitOfWork(mongo, db)
    with uow:
        uow.things.add({"_id": "a", "n": 1})
        assert uow.session is not None and uow.session.in_transaction
        uow.commit()
    with uow.reading():
        assert uow.session is None                     # no session: no transaction to abort
        assert uow.things.get("a")["n"] == 1
        with pytest.raises(RuntimeError):
            uow.publish({"id": "e", "type": "thing.made"})
        with pytest.raises(RuntimeError):
            uow.commit()
    with uow:                                          # the next block is a transaction again
        assert uow.session.in_transaction
        uow.things.add({"_id": "b", "n": 2})
    assert db.things.find_one({"_id": "b"}) is None    # left without commit: aborted
