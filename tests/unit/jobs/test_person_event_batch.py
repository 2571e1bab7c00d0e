"""A poll of the registry's person events is applied at once (one read, one bulk write of
profiles) and ends exactly where applying them one by one ends."""
from services.jobs.service_layer import matching as uc
from services.registry import events as registry_events  # noqa: F401  (registers the schemas)
from tests.support.jobs_fakes import FakeJobsUnitOfWork

from .test_profile_preferences import event, person, registered


def status_changed(pid, to, at):
    return event("person.status_changed", {"person_id": pid, "township_code": "411325100",
                                           "village_code": "411325100201", "from_status": "surplus",
                                           "to_status": to, "organized": False, "changed_at": at}, at)


def poll():
    return [registered(person(_id="a")), registered(person(_id="b")),
            status_changed("a", "migrant", "2026-02-01T00:00:00.000Z"),
            registered(person(_id="c", expected_wage=4000))]


def test_a_batch_ends_where_one_by_one_ends_with_one_write_of_the_profiles():
    one_by_one = FakeJobsUnitOfWork()
    for e in poll():
        uc.on_person_event(one_by_one, e)
    batched = FakeJobsUnitOfWork()
    writes = []
    real = batched.workers.put_many
    batched.workers.put_many = (lambda profiles, new_ids: writes.append((len(profiles), new_ids))
                                or real(profiles, new_ids))
    uc.on_person_events(batched, poll())
    assert batched.workers.rows == one_by_one.workers.rows
    assert batched.workers.rows["a"]["status"] == "migrant"
    # three people, one bulk write; all new: inserted, not upserted
    assert writes == [(3, {"a", "b", "c"})]
    assert batched.committed == 1
    uc.on_person_events(batched, [status_changed("b", "migrant", "2026-03-01T00:00:00.000Z"),
                                  registered(person(_id="d"))])
    assert writes[-1] == (2, {"d"})                       # b is there: replaced


def test_a_subscription_follows_its_person_to_a_new_village_within_the_batch():
    uow = FakeJobsUnitOfWork()
    uc.on_person_event(uow, registered(person(_id="a")))
    uow.subscriptions.rows["a"] = {"_id": "a", "code": "X", "status": "opted_in", "version": 1,
                                   "township_code": "411325100", "village_code": "411325100201"}
    moved = registered(person(_id="a", village_code="411325100202"))
    moved["type"] = "person.updated"
    moved["data"]["updated_at"] = "2026-03-01T00:00:00.000Z"
    uc.on_person_events(uow, [moved])
    assert uow.subscriptions.rows["a"]["village_code"] == "411325100202"


def test_a_poll_of_new_registrations_reads_no_subscription():
    """Only a person who already had a profile can have a subscription, and only a move
    changes it: new registrations cost no subscription query."""
    uow = FakeJobsUnitOfWork()
    asked = []
    real = uow.subscriptions.many
    uow.subscriptions.many = lambda ids: asked.append(list(ids)) or real(ids)
    uc.on_person_events(uow, [registered(person(_id="a")), registered(person(_id="b"))])
    assert asked == []
    uc.on_person_events(uow, [status_changed("a", "migrant", "2026-02-01T00:00:00.000Z")])
    assert asked == []                                     # same village: nothing to follow
    moved = registered(person(_id="b", village_code="411325100202"))
    moved["type"] = "person.updated"
    moved["data"]["updated_at"] = "2026-03-01T00:00:00.000Z"
    uc.on_person_events(uow, [moved])
    assert asked == [["b"]]
