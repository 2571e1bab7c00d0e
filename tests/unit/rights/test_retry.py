"""A write use case hit by a transient write conflict runs again; other errors do not."""
import pytest

from services.common.domain.errors import NotAllowed
from services.rights.service_layer.retry import retried


class Conflict(Exception):
    code = 112

    def has_error_label(self, label):
        return False


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
