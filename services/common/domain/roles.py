"""Roles and departments by level of government, with their Chinese names: the one home of
this knowledge (auth, scope rules, menus, labels and demo users all read it from here)."""
from .actor import Actor
from .choices import Choices

ROLES = Choices([
    ("county_admin", "县劳务办"),
    ("township_staff", "乡镇服务站"),
    ("village_liaison", "村信息联络员"),
    ("police_officer", "公安"),
    ("commerce_officer", "工商"),
    ("justice_officer", "司法"),
    ("rights_staff", "维权中心"),
    ("leader", "县领导"),
    ("worker", "务工人员"),
])

DEPARTMENTS = Choices([
    ("labor", "劳务部门"),
    ("police", "公安局"),
    ("commerce", "工商局"),
    ("justice", "司法局"),
])

COUNTY_WIDE = frozenset({"county_admin", "leader", "police_officer", "commerce_officer",
                         "justice_officer", "rights_staff"})
REGIONAL = frozenset({"township_staff", "village_liaison"})
# who keeps the labor register (and so may see a person's identifiers in its own region)
REGISTER_KEEPERS = frozenset({"county_admin", "township_staff", "village_liaison"})
ENFORCEMENT = frozenset({"police_officer", "commerce_officer"})


def in_region(actor: Actor, township_code: str | None, village_code: str | None = None) -> bool:
    """County-level roles see the whole county; a township user only its township; a village
    liaison only its village. Region codes: township 9 digits, village 12 (first 9 = township)."""
    if actor.role in COUNTY_WIDE:
        return True
    if actor.role == "township_staff":
        return bool(actor.region_code) and township_code == actor.region_code
    if actor.role == "village_liaison":
        return bool(actor.region_code) and village_code == actor.region_code
    return False


def township_of(actor: Actor) -> str | None:
    """The township a regional actor belongs to (a village code starts with its township's)."""
    if actor.role in REGIONAL and actor.region_code:
        return actor.region_code[:9]
    return None
