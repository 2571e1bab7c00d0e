"""One test-data factory per aggregate: valid by default, overridden per test."""
from datetime import date

from services.common.domain.actor import Actor
from tests.support.ids import make_id_number

TOWN, VILLAGE = "411325100", "411325100201"          # 城关镇 书院村
OTHER_TOWN, OTHER_VILLAGE = "411325101", "411325101201"


def actor(role: str, region: str | None = None, department: str | None = "labor") -> Actor:
    if region is None:
        region = {"township_staff": TOWN, "village_liaison": VILLAGE}.get(role)
    return Actor(id=f"u-{role}", username=role, role=role, department=department,
                 region_code=region)


def person_body(**over) -> dict:
    body = {"name": "李四", "id_number": make_id_number(date(1990, 5, 4), male=True),
            "phone": "13800000000", "township_code": TOWN, "village_code": VILLAGE}
    body.update(over)
    return body
