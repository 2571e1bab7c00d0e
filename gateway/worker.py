"""Gateway background process: relays the gateway's outbox (gateway.user events: tokens
revoked) to Kafka. It consumes nothing; the gateway writes its own revocation list directly."""
import gateway.events  # noqa: F401  (registers the gateway's contracts: topics and schemas)
from services.common.worker import run_worker

if __name__ == "__main__":
    run_worker("gateway", consumers=[], revocations=False)
