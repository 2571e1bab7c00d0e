"""Rules for a person in the labor-resource register (劳动力资源档案). Pure: no I/O."""
import uuid
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, NotAllowed, OutOfRegion
from services.common.domain.roles import REGISTER_KEEPERS, in_region
from services.common.domain.personal_data import mask_id_number, mask_phone

from .id_number import InvalidIdNumber, parse_id_number
from .regions import Regions

STATUSES = Choices([("surplus", "富余劳动力"), ("migrant", "外出务工"), ("returned", "返乡"),
                    ("entrepreneur", "返乡创业")])
EDUCATION = Choices([("none", "未上过学"), ("primary", "小学"), ("junior_high", "初中"),
                     ("senior_high", "高中"), ("vocational", "中专/职高"), ("college", "大专"),
                     ("bachelor_plus", "本科及以上")])
HEALTH = Choices([("healthy", "健康"), ("chronic_illness", "慢性病"), ("disabled", "残疾")])
MARITAL = Choices([("single", "未婚"), ("married", "已婚"), ("divorced", "离婚"),
                   ("widowed", "丧偶")])
SEX = Choices([("male", "男"), ("female", "女")])
WRITERS = tuple(sorted(REGISTER_KEEPERS))
READERS = WRITERS + ("leader",)

PERSON_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "id_number", "phone", "township_code", "village_code"],
    "properties": {
        "name": {"type": "string", "minLength": 2, "maxLength": 30,
                 "pattern": r"^[\u3400-\u9fffA-Za-z·•\s]+$",
                 "description_error": "姓名须为 2-30 个汉字或字母"},
        "id_number": {"type": "string", "minLength": 1, "maxLength": 18,
                      "description_error": "须为 18 位身份证号"},
        "phone": {"type": "string", "pattern": r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
                  "description_error": "须为 11 位手机号或带区号的固定电话"},
        "township_code": {"type": "string", "pattern": r"^\d{9}$", "description_error": "须为 9 位乡镇代码"},
        "village_code": {"type": "string", "pattern": r"^\d{12}$", "description_error": "须为 12 位村代码"},
        "education": EDUCATION.schema(),
        "health": HEALTH.schema(),
        "marital_status": MARITAL.schema(),
        "skills": {"type": "array", "maxItems": 20,
                   "items": {"type": "string", "minLength": 1, "maxLength": 30}},
        "job_intention": {"type": "string", "maxLength": 100},
        "training_intention": {"type": "string", "maxLength": 100},
    },
}


def new_person(body: dict, user: Actor, regions: Regions, now: datetime, today: date | None = None) -> dict:
    """Check a registration and build the stored record; raises a DomainError."""
    if user.role not in WRITERS:
        raise NotAllowed(f"角色“{user.role}”不能登记人员")
    try:
        id_number = parse_id_number(body["id_number"], today)
    except InvalidIdNumber as e:
        raise InvalidField("身份证号无效", {"id_number": str(e)})
    problems = regions.problems(body["township_code"], body["village_code"])
    if problems:
        raise InvalidField("区划代码无效", problems)
    if not in_region(user, body["township_code"], body["village_code"]):
        raise OutOfRegion("只能登记本辖区的人员")
    person = {k: v for k, v in body.items() if k != "id_number"}
    person.update({
        "_id": uuid.uuid4().hex,
        "name": body["name"].strip(),
        "id_number": id_number.value,
        "sex": id_number.sex,
        "birth_date": id_number.birth_date.isoformat(),
        "status": "surplus",
        "created_at": now, "created_by": user.audit(),
        "updated_at": now, "updated_by": user.audit(),
        "version": 1,
    })
    return person


def sees_personal_data(user: Actor, person: dict) -> bool:
    """Full ID number and phone only for the register's keepers of that person's region."""
    return user.role in WRITERS and in_region(user, person["township_code"], person["village_code"])


def person_view(person: dict, user: Actor) -> dict:
    view = {k: v for k, v in person.items() if k not in ("_id",)}
    view["id"] = person["_id"]
    for key in ("created_at", "updated_at"):
        if isinstance(view.get(key), datetime):
            view[key] = view[key].isoformat()
    if not sees_personal_data(user, person):
        view["id_number"] = mask_id_number(person["id_number"])
        view["phone"] = mask_phone(person.get("phone"))
    return view


def registered_event_data(person: dict) -> dict:
    """What other services learn of a registration: no ID number, no phone, no name."""
    return {
        "person_id": person["_id"],
        "township_code": person["township_code"],
        "village_code": person["village_code"],
        "sex": person["sex"],
        "birth_date": person["birth_date"],
        "status": person["status"],
        "education": person.get("education"),
        "skills": person.get("skills", []),
        "job_intention": person.get("job_intention"),
        "registered_at": person["created_at"].isoformat(),
    }
