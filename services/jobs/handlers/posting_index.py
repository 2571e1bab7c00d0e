"""The search indexer: a consumer of the jobs service's own posting events. It writes the
posting's current state at its version (external versioning), so a redelivered or late event
never puts an older document over a newer one."""
from services.common.events.consumer import ConsumerSpec

from .. import events as jobs_events

GROUP = "jobs-indexer"
READS = {"posting.published": ("posting_id", "posting_version"),
         "posting.withdrawn": ("posting_id", "posting_version")}


def make_spec(new_uow, index) -> ConsumerSpec:
    def on_posting_event(event, session):
        uow = new_uow().joined(session)
        posting = uow.postings.get(event["data"]["posting_id"])
        if posting is None:
            return
        agency = uow.agencies.get(posting["agency_id"]) if posting.get("agency_id") else None
        index.put(posting, agency)

    return ConsumerSpec(group_id=GROUP, topics=[jobs_events.POSTING_TOPIC],
                        handlers={t: on_posting_event for t in READS})
