"""The statistics' village rollups (domain/rollup.py): after any mix of registrations, edits,
status changes, moves and merges, summing the deltas gives exactly a recount of the records."""
import random
from collections import defaultdict
from datetime import date

import pytest

from services.registry.domain import rollup
from services.registry.domain.stats import band_bounds

TODAY = date(2026, 11, 28)
VILLAGES = [("411325100", "411325100201"), ("411325100", "411325100202"), ("411325101", "411325101201")]
GROUPS = list(rollup.SERVED)


def recount(people, group_by):
    """A plain recount, meaning what storage/stats.py's aggregation means."""
    out = defaultdict(lambda: [0, 0])
    bounds = band_bounds(TODAY)
    for p in people:
        if p.get("merged_into"):
            continue
        if group_by == "township":
            keys = [p["township_code"]]
        elif group_by == "village":
            keys = [p["village_code"]]
        elif group_by == "industry":
            keys = p.get("intended_industries") or []
        elif group_by == "organization":
            keys = ["none" if p.get("status") != "migrant" else
                    "organized" if (p.get("employment") or {}).get("organized") else "self"]
        elif group_by == "training_intention":
            keys = ["no" if p.get("training_intention") in (None, "") else "yes"]
        elif group_by == "age_band":
            keys = [next((c for c, after, upto in bounds
                          if p.get("birth_date") and after < p["birth_date"] <= upto), "other")]
        else:
            keys = [p.get(group_by)]
        for k in keys:
            out[k][0] += 1
            out[k][1] += p.get("sex") == "male"
    return sorted(((k, n, m, n - m) for k, (n, m) in out.items() if n), key=str)


class Rollups:
    """Village documents as the increments (rollup.increments) leave them once folded."""
    def __init__(self):
        self.docs = {}

    def apply(self, deltas):
        for (town, village), cells in deltas.items():
            doc = self.docs.setdefault(village, {"_id": village, "township_code": town})
            for path, value in rollup.increments(cells).items():
                *parents, leaf = path.split(".")
                node = doc
                for part in parents:
                    node = node.setdefault(part, {})
                node[leaf] = node.get(leaf, 0) + value

    def read(self, group_by):
        return sorted(rollup.read(self.docs.values(), group_by, TODAY), key=str)


def random_person(rng, i):
    town, village = rng.choice(VILLAGES)
    p = {"_id": f"p{i}", "township_code": town, "village_code": village,
         "sex": rng.choice(["male", "female"]), "status": rng.choice(["surplus", "migrant", "returned"]),
         "birth_date": f"{rng.randrange(1960, 2010)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"}
    if rng.random() < 0.8:
        p["education"] = rng.choice(["primary", "junior_high", "college"])
    if rng.random() < 0.7:
        p["intended_industries"] = rng.sample(["construction", "manufacturing", "catering"], rng.randrange(0, 3))
    if rng.random() < 0.5:
        p["training_intention"] = rng.choice(["", "电工", None])
    if p["status"] == "migrant" and rng.random() < 0.7:
        p["employment"] = {"organized": rng.random() < 0.5}
    return p


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_equal_a_recount_after_registrations_edits_status_changes_and_merges(seed):
    rng = random.Random(seed)
    people, rollups = {}, Rollups()
    for i in range(120):                                   # registrations and an import batch
        people[f"p{i}"] = random_person(rng, i)
    rollups.apply(rollup.batch_delta(list(people.values())[:100]))
    for p in list(people.values())[100:]:
        rollups.apply(rollup.delta(None, p))
    for step in range(300):                                # edits, status changes, moves, merges
        pid = rng.choice(list(people))
        before = people[pid]
        after = dict(random_person(rng, pid[1:]), _id=pid) if step % 3 else dict(before)
        if step % 3 == 0:
            after["status"] = rng.choice(["surplus", "migrant", "returned", "entrepreneur"])
            after["employment"] = {"organized": rng.random() < 0.5}
        if step % 17 == 0 and not before.get("merged_into"):
            after = dict(before, merged_into="p0")
        elif before.get("merged_into"):
            after["merged_into"] = before["merged_into"]   # a merged record stays merged
        rollups.apply(rollup.delta(before, after))
        people[pid] = after
    for group_by in GROUPS:
        assert rollups.read(group_by) == recount(people.values(), group_by), group_by


def test_a_move_to_another_village_takes_from_one_rollup_and_adds_to_the_other():
    p = {"_id": "a", "township_code": "411325100", "village_code": "411325100201", "sex": "male",
         "status": "surplus", "birth_date": "1990-01-01"}
    moved = dict(p, township_code="411325101", village_code="411325101201")
    d = rollup.delta(p, moved)
    assert d[("411325100", "411325100201")]["total"] == (-1, -1)
    assert d[("411325101", "411325101201")]["total"] == (1, 1)
    assert rollup.delta(p, dict(p, version=2)) == {}        # nothing counted changed


def test_a_key_that_cannot_be_a_field_name_is_refused():
    with pytest.raises(ValueError):
        rollup.contribution({"village_code": "v", "township_code": "t", "education": "a.b"})


@pytest.mark.parametrize("today", [TODAY, date(2027, 3, 1), date(2028, 2, 29)])
def test_a_villages_bands_from_its_birth_dates_equal_a_recount_on_any_day(today):
    """What the age-band statistics read (rollup.bands, kept with each village) is the
    recount's banding, including the birth dates on the bands' edges and the unfilled."""
    rng = random.Random(5)
    people = [random_person(rng, i) for i in range(300)]
    bounds = band_bounds(today)
    edges = [d for _, after, upto in bounds for d in (after, upto)]
    people += [dict(random_person(rng, 1000 + i), birth_date=d, village_code=VILLAGES[0][1],
                    township_code=VILLAGES[0][0]) for i, d in enumerate(edges)]
    rollups = Rollups()
    rollups.apply(rollup.batch_delta(people))
    sums = defaultdict(lambda: [0, 0])
    for doc in rollups.docs.values():
        for band, cell in rollup.bands(doc["d"]["birth"], today).items():
            sums[band][0] += cell["n"]
            sums[band][1] += cell["m"]
    expected = defaultdict(lambda: [0, 0])
    for p in people:
        band = next((c for c, after, upto in bounds if after < p["birth_date"] <= upto), "other")
        expected[band][0] += 1
        expected[band][1] += p["sex"] == "male"
        assert rollup.band_of(today, p["birth_date"]) == band
    assert dict(sums) == dict(expected)
    assert rollup.band_of(today, rollup.NONE_KEY) == "other"
