"""The report use case: the same visibility as the case list (a police officer's report
counts police's cases), computed by domain.reports."""
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed

from ..domain.access import REPORT_ROLES
from ..domain.reports import report


def case_report(uow, actor: Actor, since: datetime | None, until: datetime | None,
                today: date) -> dict:
    if actor.role not in REPORT_ROLES:
        raise NotAllowed("无权查看维权统计")
    # the county leadership reads the whole county's figures, as the labor office does
    reader = actor if actor.role != "leader" else Actor(actor.id, actor.username, "county_admin")
    with uow:
        cases = uow.cases.all_visible_to(reader, since, until)
    return report(cases, today)
