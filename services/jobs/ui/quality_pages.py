"""Match quality (匹配质量): precision at 5 and MRR per month and overall, from the recorded
outcomes of applications, beside the match lists."""
from services.common.auth import current_user, require_roles
from services.common.ui import render_page

from ..domain.match_quality import K
from ..service_layer import matching as uc
from .common import LABELS, bp, jobs


@bp.get("/match-quality")
@require_roles(*uc.QUALITY_READERS)
def match_quality_page():
    """匹配质量:按月和总体的前 5 名准确率与平均倒数排名。"""
    return render_page("jobs/match_quality.html", quality=uc.match_quality(jobs().uow(), current_user()),
                       k=K, **LABELS)
