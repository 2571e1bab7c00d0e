"""A write use case hit by a transient write conflict runs again; other errors do not."""
import pytest

from pymongo.errors import OperationFailure

from services.common.domain.errors import NotAllowed
from services.common.uow import retried


def Conflict(message):
    # a conflict at commit may come without the TransientTransactionError label
    return OperationFailure(message, code=112)


def test_a_write_conflict_is_retried_and_a_rule_is_not():
    calls = []

    @retried
    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise Conflict("WriteConflict")
        return "done"

    assert flaky() == "done" and len(calls) == 3

    @retried
    def refused():
        calls.append(1)
        raise NotAllowed("无权")

    calls.clear()
    with pytest.raises(NotAllowed):
        refused()
    assert len(calls) == 1


def test_a_conflict_that_is_not_retried_is_a_409_not_a_500():
    from flask import Flask

    from services.common.errors import install_error_handlers
    import logging
    app = Flask("t")
    install_error_handlers(app, logging.getLogger("t"))

    @app.get("/x")
    def x():
        raise Conflict("WriteConflict")
    r = app.test_client().get("/x")
    assert r.status_code == 409 and r.json["error"]["code"] == "write_conflict"
