"""What other services learn of a person: never an ID number, a phone or a name, and free text
with its digit runs masked (a job intention may hold a number someone typed into it)."""
from datetime import datetime

from .text import mask_numbers, mask_numbers_in


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def profile(person: dict) -> dict:
    return {
        "person_id": person["_id"],
        "township_code": person["township_code"],
        "village_code": person["village_code"],
        "sex": person["sex"],
        "birth_date": person["birth_date"],
        "status": person["status"],
        "education": person.get("education"),
        "skills": mask_numbers_in(person.get("skills") or []),
        "job_intention": mask_numbers(person.get("job_intention")),
        "intended_industries": person.get("intended_industries") or [],
        "intended_regions": person.get("intended_regions") or [],
        "expected_wage": person.get("expected_wage"),
        "new_entrant": bool(person.get("new_entrant")),
    }


def registered(person: dict) -> dict:
    return dict(profile(person), registered_at=_iso(person["created_at"]))


def updated(person: dict, changed_fields: list[str]) -> dict:
    return dict(profile(person), changed_fields=changed_fields, updated_at=_iso(person["updated_at"]))


def status_changed(person: dict, from_status: str, organized, at: datetime) -> dict:
    return {"person_id": person["_id"], "township_code": person["township_code"],
            "village_code": person["village_code"], "from_status": from_status,
            "to_status": person["status"], "organized": organized,
            "new_entrant": bool(person.get("new_entrant")), "changed_at": _iso(at)}


def training_recorded(person: dict, t: dict) -> dict:
    return {"person_id": person["_id"], "township_code": person["township_code"],
            "training_id": t["id"], "course": mask_numbers(t["course"]), "hours": t["hours"],
            "certified": bool(t.get("certificate")), "ended_on": t["ended_on"],
            "paid_by": t.get("paid_by"), "recorded_at": _iso(t["recorded_at"])}


def migration_recorded(person: dict, m: dict) -> dict:
    return {"person_id": person["_id"], "township_code": person["township_code"],
            "migration_id": m["id"], "organized": m["organized"], "destination": m["destination"],
            "city": mask_numbers(m["city"]), "start_date": m["start_date"],
            "monthly_income": m.get("monthly_income"), "industry": m.get("industry"),
            "recorded_at": _iso(m["recorded_at"])}


def income_reported(person: dict, i: dict) -> dict:
    return {"person_id": person["_id"], "township_code": person["township_code"],
            "year": i["year"], "amount": i["amount"], "reported_at": _iso(i["reported_at"])}
