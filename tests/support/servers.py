"""Where the test servers come from, in order: URLs from the environment (LEX_MONGO_URL,
LEX_KAFKA_BOOTSTRAP, LEX_ELASTICSEARCH_URL), containers when a Docker engine answers, and
otherwise the embedded servers that the Stack starts itself."""
import contextlib
import os
import shutil
import subprocess


def from_environment() -> dict | None:
    keys = ("LEX_MONGO_URL", "LEX_KAFKA_BOOTSTRAP", "LEX_ELASTICSEARCH_URL")
    if all(os.environ.get(k) for k in keys):
        return {"mongo_url": os.environ[keys[0]], "kafka_bootstrap": os.environ[keys[1]],
                "elasticsearch_url": os.environ[keys[2]]}
    return None


def docker_engine_available() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@contextlib.contextmanager
def containers():
    """Kafka (KRaft), MongoDB as a one-node replica set (transactions need one), Elasticsearch 8."""
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs
    from testcontainers.elasticsearch import ElasticSearchContainer
    from testcontainers.kafka import KafkaContainer

    kafka = KafkaContainer("confluentinc/cp-kafka:7.6.0").with_kraft()
    mongo = (DockerContainer("mongo:7").with_command("--replSet rs0 --bind_ip_all")
             .with_exposed_ports(27017))
    elastic = ElasticSearchContainer("docker.elastic.co/elasticsearch/elasticsearch:8.15.3",
                                     mem_limit="1g").with_env("xpack.security.enabled", "false")
    with kafka, mongo, elastic:
        wait_for_logs(mongo, "Waiting for connections")
        host, port = mongo.get_container_host_ip(), mongo.get_exposed_port(27017)
        mongo.exec(["mongosh", "--quiet", "--eval",
                    f"rs.initiate({{_id:'rs0',members:[{{_id:0,host:'{host}:{port}'}}]}})"])
        yield {"mongo_url": f"mongodb://{host}:{port}/?directConnection=true",
               "kafka_bootstrap": kafka.get_bootstrap_server(),
               "elasticsearch_url": elastic.get_url()}
