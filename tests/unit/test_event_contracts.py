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
from services.jobs.handlers import notifications as jobs_notifier
from services.jobs.handlers import posting_index as jobs_indexer
from services.jobs.handlers import registry_events as jobs_on_registry
from services.licensing.handlers import rights_events as licensing_on_rights
from services.registry import events as registry_events
from services.registry.handlers import jobs_events as registry_on_jobs
from services.rights.handlers import jobs_events as rights_on_jobs
from services.rights.handlers import licensing_events as rights_on_licensing

CONSUMERS = [licensing_on_rights, rights_on_licensing, rights_on_jobs, evaluation_on_registry,
             jobs_on_registry, jobs_on_licensing, jobs_indexer, jobs_notifier, registry_on_jobs,
             evaluation_on_jobs, evaluation_on_rights]


@pytest.mark.parametrize("consumer", CONSUMERS, ids=lambda m: m.__name__)
def test_fields_a_consumer_reads_stay_required_by_the_producer(consumer):
    for type_, fields in consumer.READS.items():
        owner = catalog.contracts_of(type_)
        schema = json.loads(owner.schema_path(type_, catalog.current_version(type_)).read_text())
        missing = set(fields) - set(schema.get("required", []))
        assert not missing, f"{owner.source} no longer guarantees {missing} in {type_}"


@pytest.mark.parametrize("consumer", [c for c in CONSUMERS if hasattr(c, "OPTIONAL_READS")],
                         ids=lambda m: m.__name__)
def test_optional_fields_a_consumer_reads_stay_declared_and_optional(consumer):
    """Backward compatible additions (e.g. the registry's expected_wage): declared in the
    producer's schema, so a producer cannot drop or rename them unnoticed, and not required,
    so the events published before they existed stay valid."""
    for type_, fields in consumer.OPTIONAL_READS.items():
        owner = catalog.contracts_of(type_)
        schema = json.loads(owner.schema_path(type_, catalog.current_version(type_)).read_text())
        assert set(fields) <= set(schema["properties"]), f"{owner.source} dropped {fields} from {type_}"
        assert not set(fields) & set(schema.get("required", [])), f"{fields} became required in {type_}"


def test_a_person_event_from_before_expected_wage_still_validates():
    from services.common.events.catalog import validate_event
    event = {"id": "0b5f6f3e-5c3c-4f61-9a55-3f2b7f0c1e01", "type": "person.registered", "version": 1, "source": "registry",
             "subject": "p1", "occurred_at": "2026-01-01T00:00:00.000Z", "actor": None,
             "correlation_id": None,
             "data": {"person_id": "p1", "township_code": "411325100", "village_code": "411325100201",
                      "sex": "male", "birth_date": "1990-01-01", "status": "surplus", "education": None,
                      "skills": [], "job_intention": None, "registered_at": "2026-01-01T00:00:00Z"}}
    validate_event(event)  # no expected_wage, no intended_regions: still valid v1
    validate_event(dict(event, data=dict(event["data"], expected_wage=5000, intended_regions=["pearl_delta"])))


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
