"""Reading the audit of personal-data reads (county office only)."""
from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed

ACTIONS = ("read", "list", "export")


def search_reads(uow, actor: Actor, args: dict, page: int, size: int):
    if actor.role != "county_admin":
        raise NotAllowed("仅县劳务办可查询个人信息查阅日志")
    query = {}
    if args.get("person_id"):
        query["person_ids"] = args["person_id"][:64]
    if args.get("username"):
        query["by.username"] = args["username"][:64]
    if args.get("action"):
        if args["action"] not in ACTIONS:
            raise InvalidField("查询条件有误", {"action": "取值应为:" + "、".join(ACTIONS)})
        query["action"] = args["action"]
    with uow:
        return uow.reads.search(query, (page - 1) * size, size)
