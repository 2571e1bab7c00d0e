"""Evaluation's pages (指标统计), rendered from the same use case and scope query as the API
(service_layer/indicators.indicators_for_year), under /ui/evaluation/ through the gateway."""
from datetime import date

from flask import current_app, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import InvalidField
from services.common.domain.roles import township_of
from services.common.ui import error_of, page_blueprint, render_page

from ..domain.indicators import INDICATORS, MONEY, RATIOS
from ..service_layer import indicators as use_cases
from .common import year_arg
from .regions import township_names

bp = page_blueprint("evaluation_ui", __name__, "evaluation")


def rows_for(data: dict, indicator: str, names: dict, visible: list[str]) -> list[dict]:
    """One row per township the user may see (zero where nothing was counted yet), then any
    counted unit the region list does not know, by its code; bars scaled to the largest."""
    values = {t["township_code"]: t.get(indicator, 0) or 0 for t in data["townships"]}
    codes = visible + [c for c in values if c not in visible]
    rows = [{"code": c, "name": names.get(c, c), "value": values.get(c, 0)} for c in codes]
    top = max([r["value"] for r in rows] + [0])
    for r in rows:
        r["width"] = max(1, round(r["value"] / top * 100)) if r["value"] and top else 0
    return rows


@bp.get("/indicators")
@require_roles(*use_cases.READERS)
def indicators():
    """指标统计页面:各乡镇某一指标的年度数值,附条形图,可打印。"""
    user = current_user()
    indicator = request.args.get("indicator") or "registered"
    error, data, year = None, None, date.today().year
    try:
        year = year_arg()
        if indicator not in INDICATORS:
            raise InvalidField("查询条件有误", {"indicator": "未知的指标"})
        data = use_cases.indicators_for_year(current_app.extensions["evaluation"].uow(), user, year)
    except InvalidField as e:
        error = error_of(e)[1]
    names = township_names()
    own = township_of(user)
    visible = [own] if own else [c for c in names if len(c) == 9]
    rows = rows_for(data, indicator, names, visible) if data else []
    total = (data or {}).get("totals", {}).get(indicator) if indicator not in RATIOS else None
    return render_page("evaluation/indicators.html", fragment="results",
                       status=400 if error else 200, year=year, indicator=indicator,
                       indicators=INDICATORS, rows=rows, total=total, error=error,
                       errors=(error or {}).get("fields", {}), money=indicator in MONEY,
                       ratio=indicator in RATIOS, label=INDICATORS.label(indicator))
