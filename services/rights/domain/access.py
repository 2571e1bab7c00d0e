"""Who may see and do what with a case. Pure predicates; storage/cases.py mirrors
`can_read` as a MongoDB filter (visible_to) and tests/support/rights_fakes.py uses these.

- the rights center (rights_staff) and the county labor office see every case;
- police, commerce and justice see only cases owned by or referred to their department
  (justice also those asking for legal aid);
- a township sees its township's cases, a village liaison those it filed;
- acting on a case (state changes, referral, transfer) belongs to the owner department's
  handling role; acting on a referral to the receiving department's."""
from services.common.domain.actor import Actor

# the role that handles cases for each department
HANDLER_ROLE = {"labor": "rights_staff", "police": "police_officer",
                "commerce": "commerce_officer", "justice": "justice_officer"}
DEPARTMENT_OFFICERS = ("police_officer", "commerce_officer", "justice_officer")
INTAKE_ROLES = ("rights_staff", "county_admin", "township_staff", "village_liaison")
READ_ROLES = ("rights_staff", "county_admin", "township_staff", "village_liaison",
              *DEPARTMENT_OFFICERS)
REPORT_ROLES = ("rights_staff", "county_admin", "leader", *DEPARTMENT_OFFICERS)
LIVE_REFERRAL = ("pending", "accepted")


def handles_for(actor: Actor) -> str | None:
    """The department this actor handles cases for, or None."""
    dept = actor.department
    return dept if dept and HANDLER_ROLE.get(dept) == actor.role else None


def involved_departments(case: dict) -> set[str]:
    depts = {case["owner_department"]}
    depts |= {r["to_department"] for r in case.get("referrals", []) if r["state"] in LIVE_REFERRAL}
    if case.get("legal_aid"):
        depts.add("justice")
    return depts


def handling_departments(case: dict) -> set[str]:
    """Owner and accepted co-handlers: those who work the case, not those merely asked."""
    return {case["owner_department"]} | {
        r["to_department"] for r in case.get("referrals", []) if r["state"] == "accepted"}


def can_read(actor: Actor, case: dict) -> bool:
    if actor.role in ("rights_staff", "county_admin"):
        return True
    if actor.role in DEPARTMENT_OFFICERS:
        return handles_for(actor) in involved_departments(case)
    if actor.role == "township_staff":
        return bool(actor.region_code) and case.get("township_code") == actor.region_code
    if actor.role == "village_liaison":
        return case["created_by"]["user_id"] == actor.id
    return False


def owns(actor: Actor, case: dict) -> bool:
    return handles_for(actor) == case["owner_department"]


def sees_personal_data(actor: Actor, case: dict) -> bool:
    """Complainant's name and phone in full: the rights center always; a department that
    works the case only when they were shared with it (consent or an audited override) and
    the complainant did not ask for confidentiality."""
    if actor.role == "rights_staff":
        return True
    if case["complainant"].get("confidential"):
        return False
    dept = handles_for(actor)
    return bool(dept) and dept in handling_departments(case) and dept in case.get("shared_with", [])
