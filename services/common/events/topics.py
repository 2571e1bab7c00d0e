"""Topics (and their .dlq twins) are created at start-up; creating an existing one is fine."""
import logging

from confluent_kafka.admin import AdminClient, NewTopic
from confluent_kafka import KafkaError, KafkaException

from .catalog import dlq_topic, registered_topics

log = logging.getLogger(__name__)


def ensure_topics(bootstrap: str, topics=None, partitions: int = 3, timeout: float = 15.0) -> None:
    names = []
    for topic in topics or registered_topics():
        names += [topic, dlq_topic(topic)]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    existing = set(admin.list_topics(timeout=timeout).topics)
    wanted = [NewTopic(n, num_partitions=partitions if not n.endswith(".dlq") else 1,
                       replication_factor=1) for n in names if n not in existing]
    if not wanted:
        return
    for name, future in admin.create_topics(wanted, operation_timeout=timeout).items():
        try:
            future.result(timeout)
            log.info("created topic %s", name)
        except KafkaException as e:
            if e.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise
