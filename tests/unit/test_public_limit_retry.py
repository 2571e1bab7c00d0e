"""The public-form counter tries again when the database answers an upsert with no document
(seen on the embedded server when first submissions raced), instead of failing on None."""
import pytest

from services.common.public_limit import allow


class Col:
    def __init__(self, answers):
        self.answers, self.calls = list(answers), 0

    def find_one_and_update(self, *a, **k):
        self.calls += 1
        return self.answers.pop(0)

    def delete_many(self, *a, **k):
        pass


class Db(dict):
    pass


def test_a_missing_answer_is_tried_again_and_counted():
    col = Col([None, None, {"n": 1}])
    assert allow(Db(public_submissions=col), "1.2.3.4", 5, 600, now=1_800_000_100.0) == 0
    assert col.calls == 3


def test_no_answer_at_all_is_an_error_not_a_pass():
    col = Col([None] * 20)
    with pytest.raises(RuntimeError):
        allow(Db(public_submissions=col), "1.2.3.4", 5, 600, now=1_800_000_100.0)
