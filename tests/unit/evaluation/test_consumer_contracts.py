"""Evaluation's consumers against their producers' published schemas: every field read stays
required, every wanted type is published, and the worked examples of the indicator tests are
events the producers' schemas accept (so those tests exercise real shapes)."""
import json

import pytest

from services.common.events import catalog
from services.evaluation import events as _own  # noqa: F401  (registers model_case.recorded)
from services.evaluation.domain.indicators import CONSUMED_TYPES
from services.evaluation.handlers import jobs_events, registry_events, rights_events
from tests.unit.evaluation.test_indicators_from_events import EXAMPLES

CONSUMERS = [registry_events, jobs_events, rights_events]


@pytest.mark.parametrize("consumer", CONSUMERS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_wanted_type_is_published_and_requires_the_fields_read(consumer):
    for type_, fields in consumer.WANTS.items():
        owner = catalog.contracts_of(type_)  # raises while the producer does not publish it
        schema = json.loads(owner.schema_path(type_, catalog.current_version(type_)).read_text())
        missing = set(fields) - set(schema.get("required", []))
        assert not missing, f"{owner.source} no longer guarantees {missing} in {type_}"
    assert consumer.READS == consumer.WANTS


def test_the_consumers_handle_every_type_the_rules_know():
    handled = set()
    for consumer in CONSUMERS:
        spec = consumer.make_spec(lambda: None)
        assert spec.group_id == "evaluation"
        assert set(spec.topics) <= set(catalog.registered_topics())
        handled |= set(spec.handlers)
    assert handled == set(CONSUMED_TYPES)


@pytest.mark.parametrize("type_", sorted(EXAMPLES))
def test_the_worked_examples_pass_the_producers_schemas(type_):
    ev, _ = EXAMPLES[type_]
    catalog.validate_event(dict(ev, source=catalog.contracts_of(type_).source))
