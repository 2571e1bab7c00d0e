"""Use cases of periodic reports: a township opens, fills and submits its own; the county
office returns or accepts (report.accepted); the county's summary table per period."""
from datetime import date, datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound, StaleVersion
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers report.accepted)
from ..domain import reports as rules
from ..domain.calendar import LOCAL, due_date, parse_period, period_label
from ..domain.indicators import INDICATORS, level_at
from ..domain.units import TOWNSHIPS


def _now(now):
    return now or datetime.now(timezone.utc)


def figures_for(uow, township: str, months: list[str]) -> dict:
    cells = uow.indicators.cells_until(months[0], months[-1], {"township_code": township})
    values = level_at(cells, months)
    return {name: values.get((township, name), 0) for name in INDICATORS}


def _load(uow, township: str, period_type: str, period: str) -> dict | None:
    return uow.reports.get(rules.report_id(township, period_type, period))


def get_report(uow, actor: Actor, township: str, period_type: str, period: str, now=None) -> dict:
    """The stored report, or (not yet saved) a draft prefilled with the current figures."""
    rules.check_reader(actor, township)
    _check_township(township)
    _year, months = parse_period(period_type, period)
    with uow:
        report = _load(uow, township, period_type, period)
        if report is None or report["status"] in rules.EDITABLE:
            figures = figures_for(uow, township, months)
    if report is None:
        report = rules.new_report(township, period_type, period, figures, _now(now))
        report["saved"] = False
    elif report["status"] in rules.EDITABLE:
        report["figures"] = figures  # a draft shows live figures; submission freezes them
    return report


def _check_township(township: str) -> None:
    if township not in TOWNSHIPS:
        raise InvalidField("乡镇代码无效", {"township_code": "未知的乡镇代码"})


def save_draft(uow, actor: Actor, period_type: str, period: str, body: dict, now=None) -> dict:
    township = actor.region_code
    rules.check_owner(actor, township)
    _year, months = parse_period(period_type, period)
    at = _now(now)
    with uow:
        report = _load(uow, township, period_type, period)
        if report is None:
            report = rules.new_report(township, period_type, period, {}, at)
            _check_version(report, body)
            rules.edit(report, body)
            report["figures"] = figures_for(uow, township, months)
            report.update(updated_at=at, updated_by=actor.audit(), version=1)
            uow.reports.add(report)
        else:
            _check_version(report, body)
            rules.edit(report, body)
            report["figures"] = figures_for(uow, township, months)
            report.update(updated_at=at, updated_by=actor.audit())
            uow.reports.save(report, report["version"])
        uow.commit()
    return report


def _check_version(report: dict, body: dict) -> None:
    if "version" in body and body["version"] != report["version"]:
        raise StaleVersion("报告已被他人修改,请刷新后重试",
                           {"version": f"当前版本是 {report['version']}"})


def submit(uow, actor: Actor, period_type: str, period: str, now=None) -> dict:
    township = actor.region_code
    rules.check_owner(actor, township)
    _year, months = parse_period(period_type, period)
    at = _now(now)
    with uow:
        report = _load(uow, township, period_type, period)
        if report is None:
            raise NotFound("请先保存报告草稿", {"period": "尚无草稿"})
        report["figures"] = figures_for(uow, township, months)  # frozen from now on
        rules.transition(report, "submit", actor, at)
        report.update(updated_at=at, updated_by=actor.audit())
        uow.reports.save(report, report["version"])
        uow.commit()
    return report


def review(uow, actor: Actor, township: str, period_type: str, period: str, action: str,
           reason: str | None = None, correlation_id: str | None = None, now=None) -> dict:
    """The county office returns (with a reason) or accepts a submitted report."""
    if actor.role not in rules.REVIEWERS:
        raise NotAllowed("只有县劳务办可以审核报告")
    parse_period(period_type, period)
    at = _now(now)
    with uow:
        report = _load(uow, township, period_type, period)
        if report is None:
            raise NotFound("报告不存在", {"period": "该乡镇尚未填报"})
        rules.transition(report, action, actor, at, reason)
        report.update(updated_at=at, updated_by=actor.audit())
        uow.reports.save(report, report["version"])
        if action == "accept":
            uow.publish(new_event("report.accepted", source="evaluation", subject=report["_id"],
                                  data={"report_id": report["_id"], "township_code": township,
                                        "period_type": period_type, "period": period,
                                        "late": report["late"], "at": at.isoformat()},
                                  actor=actor.audit(), correlation_id=correlation_id))
        uow.commit()
    return report


def summary(uow, actor: Actor, period_type: str, period: str, today: date | None = None) -> dict:
    """The county's table: every township's status, dates, late flags and key figures."""
    if actor.role not in ("county_admin", "leader"):
        raise NotAllowed("无权查看全县汇总表")
    _year, months = parse_period(period_type, period)
    due = due_date(period_type, months).isoformat()
    today = today or datetime.now(LOCAL).date()
    with uow:
        stored = {r["township_code"]: r for r in uow.reports.for_period_visible_to(actor, period_type, period)}
        cells = uow.indicators.cells_until(months[0], months[-1])
    live = level_at(cells, months)
    rows = []
    for code, name in TOWNSHIPS.items():
        report = stored.get(code)
        frozen = report and report["status"] not in rules.EDITABLE
        figures = report["figures"] if frozen else {n: live.get((code, n), 0) for n in INDICATORS}
        rows.append({"township_code": code, "township_name": name,
                     "status": report["status"] if report else "missing",
                     "submitted_at": report["submitted_at"] if report else None,
                     "late": bool(report and report["late"]),
                     "overdue": rules.overdue(report, due, today), "figures": figures})
    totals = {n: sum(r["figures"].get(n, 0) for r in rows) for n in INDICATORS if n != "data_quality"}
    return {"period_type": period_type, "period": period, "label": period_label(period_type, period),
            "due_date": due, "rows": rows, "totals": totals}


def my_reports(uow, actor: Actor, year: int) -> list[dict]:
    rules.check_owner(actor, actor.region_code)
    with uow:
        return uow.reports.of_township(actor.region_code, year)
