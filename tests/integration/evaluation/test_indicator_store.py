"""Evaluation's Mongo repositories against the real server: a shuffled stream with duplicates,
replayed in batches into a fresh database, gives exactly the cells the fakes give for the
ordered stream (timelines, keyed facts, people and the nested year documents), and the
assessment reads them back."""
import random

from services.common.domain.actor import Actor
from services.evaluation.service_layer import assessment as assessment_uc
from services.evaluation.service_layer import indicators as use_cases
from services.evaluation.service_layer.replay import differences, replay
from services.evaluation.service_layer.unit_of_work import EvaluationUnitOfWork
from services.evaluation.storage.indicators import cell_values, ensure_indexes
from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork
from tests.unit.evaluation.test_indicators_from_events import EXAMPLES, life_of_a_worker

DB = "lex_evaluation_store_test"


def test_a_shuffled_replay_into_mongo_equals_the_ordered_fake_run(mongo):
    events = [e for e, _ in EXAMPLES.values()] + life_of_a_worker()
    fake = FakeEvaluationUnitOfWork()
    for e in events:
        use_cases.apply_event(fake, e)
    mongo.drop_database(DB)
    db = mongo[DB]
    ensure_indexes(db)
    noisy = events + events[:4]
    random.Random(9).shuffle(noisy)
    try:
        assert replay(lambda: EvaluationUnitOfWork(mongo, db), noisy, batch=5) == len(events)
        expected = {k: v for k, v in fake.indicators.values().items()}
        assert differences(expected, cell_values(db)) == []
        # a duplicate applied through the use case again is what the chassis prevents; the
        # store itself is additive, so the figures here prove each event applied once
        leader = Actor(id="l", username="leader", role="leader")
        table = use_cases.indicators_for_year(EvaluationUnitOfWork(mongo, db), leader, 2026)
        town = next(r for r in table["townships"] if r["township_code"] == "411325100")
        assert town["registered"] == 2 and town["wages_recovered"] == 4800
        result = assessment_uc.assessment(EvaluationUnitOfWork(mongo, db), leader, 2026, "annual")
        assert len(result["rows"]) == 16
    finally:
        mongo.drop_database(DB)
