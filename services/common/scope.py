"""Region scope by level of government (pure rules, no I/O).
County-level roles see the whole county; a township user only its township; a village
liaison only its village. Region codes: township 9 digits, village 12 (its first 9 are the
township's)."""
from .auth import User

COUNTY_WIDE = {"county_admin", "leader", "police_officer", "commerce_officer",
               "justice_officer", "rights_staff"}


def in_region(user: User, township_code: str | None, village_code: str | None = None) -> bool:
    if user.role in COUNTY_WIDE:
        return True
    if user.role == "township_staff":
        return bool(user.region_code) and township_code == user.region_code
    if user.role == "village_liaison":
        return bool(user.region_code) and village_code == user.region_code
    return False


def region_filter(user: User) -> dict | None:
    """A MongoDB filter limiting a listing to the user's region; None = whole county."""
    if user.role in COUNTY_WIDE:
        return None
    if user.role == "township_staff":
        return {"township_code": user.region_code or "-"}
    if user.role == "village_liaison":
        return {"village_code": user.region_code or "-"}
    return {"_id": {"$exists": False}}
