"""Which pages each role may use: role -> [(title, url)], in menu order.
This is navigation only: every service checks role and region on each API call itself.
Add a page here when its service serves it under /ui/<service>/."""
PERSON_NEW = ("人员登记", "/ui/registry/persons/new")
PERSON_LIST = ("人员列表", "/ui/registry/persons")
INDICATORS = ("指标统计", "/ui/evaluation/indicators")

MENUS: dict[str, list[tuple[str, str]]] = {
    "county_admin": [PERSON_NEW, PERSON_LIST, INDICATORS],
    "township_staff": [PERSON_NEW, PERSON_LIST, INDICATORS],
    "village_liaison": [PERSON_NEW, PERSON_LIST],
    "leader": [INDICATORS],
    # pages for these roles come with the jobs, licensing and rights services
    "police_officer": [],
    "commerce_officer": [],
    "justice_officer": [],
    "rights_staff": [],
    "worker": [],
}


def menu_for(role: str) -> list[tuple[str, str]]:
    return list(MENUS.get(role, []))
