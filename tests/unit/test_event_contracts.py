"""Consumer-driven contract tests: every field a consumer reads from another service's event
must stay required in the producer's current published schema, and every topic a consumer
subscribes to must be one its producer publishes."""
import json

import pytest

from services.common.events import catalog
from services.evaluation.handlers import jobs_events as evaluation_on_jobs
from services.evaluation.handlers import registry_events as evaluation_on_registry
from services.evaluation.handlers import rights_events as evaluation_on_rights
from services.jobs.handlers import licensing_events as jobs_on_licensing
from services.jobs.handlers import posting_index as jobs_indexer
from services.jobs.handlers import registry_events as jobs_on_registry
from services.licensing.handlers import rights_events as licensing_on_rights
from services.registry import events as registry_events
from services.registry.handlers import jobs_events as registry_on_jobs
from services.rights.handlers import jobs_events as rights_on_jobs
from services.rights.handlers import licensing_events as rights_on_licensing

CONSUMERS = [licensing_on_rights, rights_on_licensing, rights_on_jobs, evaluation_on_registry,
             jobs_on_registry, jobs_on_licensing, jobs_indexer, registry_on_jobs,
             evaluation_on_jobs, evaluation_on_rights]


@pytest.mark.parametrize("consumer", CONSUMERS, ids=lambda m: m.__name__)
def test_fields_a_consumer_reads_stay_required_by_the_producer(consumer):
    for type_, fields in consumer.READS.items():
        owner = catalog.contracts_of(type_)
        schema = json.loads(owner.schema_path(type_, catalog.current_version(type_)).read_text())
        missing = set(fields) - set(schema.get("required", []))
        assert not missing, f"{owner.source} no longer guarantees {missing} in {type_}"


def test_consumed_topics_are_published_by_their_producer():
    spec = evaluation_on_registry.make_spec(lambda: None)
    for topic in spec.topics:
        assert topic in catalog.registered_topics()
    assert set(spec.handlers) <= set(registry_events.CONTRACTS.events)


def test_every_published_type_has_a_schema_file_for_its_current_version():
    for contracts in catalog._ALL.values():
        for type_, (_topic, version) in contracts.events.items():
            assert contracts.schema_path(type_, version).exists(), type_


def test_a_type_cannot_be_claimed_by_two_services():
    from pathlib import Path
    with pytest.raises(ValueError):
        catalog.register(catalog.EventContracts("other", {"person.registered": ("x", 1)}, Path(".")))
