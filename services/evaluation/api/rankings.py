"""Half-year and year-end assessment, ranking, and its publication."""
from flask import Blueprint, g

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg

from ..domain.scoring import GROUPS, MARKS
from ..service_layer import assessment as use_cases
from .views import jsonable, uow

bp = Blueprint("rankings", __name__, url_prefix="/api/evaluation")

PUBLISH_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "group": GROUPS.schema(),
        "marks": {"type": "object", "maxProperties": 40,
                  "additionalProperties": MARKS.schema()},
        "note": {"type": "string", "maxLength": 1000},
    },
}


@bp.get("/assessments/<int:year>/<period>")
@require_roles(*use_cases.ASSESSMENT_READERS)
def assessment(year: int, period: str):
    """考评得分与排名(未发布前仅县劳务办和县领导可见)。"""
    group = code_arg("group", choices=GROUPS.codes) or "township"
    return jsonable(use_cases.assessment(uow(), current_user(), year, period, group))


@bp.get("/rankings/<int:year>")
@require_roles(*use_cases.RANKING_READERS)
def rankings(year: int):
    """已发布的考评排名及表彰、批评名单。"""
    return {"year": year, "items": jsonable(use_cases.published_rankings(uow(), current_user(), year))}


@bp.post("/rankings/<int:year>/<period>/publish")
@require_roles(*use_cases.SETTERS)
@accepts(PUBLISH_SCHEMA)
def publish(year: int, period: str, body):
    """确认并发布考评排名(表彰前三名,批评未完成任务者)。"""
    result = use_cases.publish_ranking(uow(), current_user(), year, period,
                                       body.get("group", "township"), body.get("marks"),
                                       body.get("note"), g.request_id)
    return jsonable(result), 201


