"""Notifications from the jobs' own events, in their own consumer group (so the notices do not
wait for the profile or index consumers): posting.published queues the day's SMS for matching
workers who opted in; order.created tells the township stations. Each handler runs its use
case in the consumer's transaction, with the processed-event record: a redelivered event
queues nothing twice."""
from services.common.events.consumer import ConsumerSpec

from .. import events as jobs_events
from ..service_layer import notifications as use_cases

GROUP = "jobs-notifier"
READS = {"posting.published": ("posting_id",), "order.created": ("order_id",)}


def make_spec(new_uow, threshold: int, page_url) -> ConsumerSpec:
    def on_published(event, session):
        use_cases.on_posting_published(new_uow().joined(session), event, threshold, page_url)

    def on_order(event, session):
        use_cases.on_order_created(new_uow().joined(session), event)

    return ConsumerSpec(group_id=GROUP, topics=[jobs_events.POSTING_TOPIC, jobs_events.ORDER_TOPIC],
                        handlers={"posting.published": on_published, "order.created": on_order})
