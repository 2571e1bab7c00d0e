"""A person's change history (pure Python)."""


def one_persons_entry(entry: dict, person_id: str) -> dict:
    """An import batch's change-log entry names all its people (`person_id` is their list):
    this person's share of it, shaped like any other entry."""
    if not isinstance(entry.get("person_id"), list):
        return entry
    i = entry["person_id"].index(person_id)
    out = {k: v for k, v in entry.items() if k not in ("person_id", "field_sets", "field_set")}
    return dict(out, person_id=person_id, fields=entry["field_sets"][entry["field_set"][i]])
