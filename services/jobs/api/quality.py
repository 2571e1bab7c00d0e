"""Match quality (匹配质量): precision at 5 and MRR from recorded application outcomes."""
from flask import Blueprint

from services.common.auth import current_user, require_roles

from ..service_layer import matching as uc
from .common import jobs

bp = Blueprint("jobs_quality", __name__, url_prefix="/api/jobs")


@bp.get("/match-quality")
@require_roles(*uc.QUALITY_READERS)
def match_quality():
    """匹配质量:按月和总体的前 5 名准确率(precision@5)与平均倒数排名(MRR)。"""
    return uc.match_quality(jobs().uow(), current_user())
