"""What other services learn of a case (docs/events.md): codes, ids, amounts and dates;
never a complainant's name or phone."""
from datetime import datetime


def _iso(at: datetime) -> str:
    return at.isoformat()


def opened(case: dict) -> dict:
    return {"case_id": case["_id"], "category": case["category"], "channel": case["channel"],
            "township_code": case.get("township_code"),
            "respondent_type": case["respondent"]["type"],
            "respondent_id": case["respondent"].get("id"),
            "amount_claimed": case["amount_claimed"], "opened_at": _iso(case["received_at"])}


def referral(case: dict, r: dict, at: datetime, **more) -> dict:
    return {"case_id": case["_id"], "referral_id": r["id"], "from_department": r["from_department"],
            "to_department": r["to_department"], "at": _iso(at), **more}


def transferred(case: dict, from_department: str, at: datetime) -> dict:
    return {"case_id": case["_id"], "from_department": from_department,
            "to_department": case["owner_department"], "at": _iso(at)}


def legal_aid_assigned(case: dict, at: datetime) -> dict:
    return {"case_id": case["_id"], "at": _iso(at)}


def closed(case: dict) -> dict:
    o = case["outcome"]
    return {"case_id": case["_id"], "category": case["category"],
            "township_code": case.get("township_code"),
            "respondent_type": case["respondent"]["type"],
            "respondent_id": case["respondent"].get("id"),
            "substantiated": o["substantiated"], "outcome": o["outcome"],
            "wages_recovered": o["wages_recovered"], "compensation": o["compensation"],
            "closed_at": _iso(case["closed_at"])}


def illegal_agency(case: dict, at: datetime) -> dict:
    # suspect_name is an organisation (or what the worker called it), never a person's ID
    return {"case_id": case["_id"], "suspect_name": case["respondent"]["name"],
            "place": case["place"], "at": _iso(at)}
