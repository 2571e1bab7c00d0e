"""An employer's own page (contacts as the reader may see them, output bases, postings, orders,
the liaison stations' vetting visits, and the form to record one) and the liaison stations
(联络站/办事处: list with staff and the employers each has vetted; the county office registers
one). Forms post to their own page and run the API's use cases (post/redirect/get)."""
from datetime import date

from flask import redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError
from services.common.errors import ApiError
from services.common.ui import error_of, form_values, render_page
from services.common.validation import BodySchema

from ..domain.employer import STATION_SCHEMA, VISIT_SCHEMA
from ..domain.roles import KEEPERS, READERS, REVIEWERS
from ..service_layer import employers as uc
from .common import LABELS, bp, jobs

VISIT_FORM, STATION_FORM = BodySchema(VISIT_SCHEMA), BodySchema(STATION_SCHEMA)
STAFF_ROWS = 2  # staff rows on the station form


@bp.get("/employers/<employer_id>")
@require_roles(*READERS)
def employer_page(employer_id, error=None, values=None, status=200):
    """一家用工单位:联系人、输出基地、招聘信息、订单与联络站实地考察记录。"""
    user, uow = current_user(), jobs().uow()
    file = uc.employer_file(uow, employer_id, user)
    can_visit = user.role in KEEPERS
    stations = [(s["_id"], f"{s['name']}({s['city']})") for s in uc.list_stations(uow, user)] if can_visit else []
    return render_page("jobs/employer.html", e=file["employer"], bases=file["bases"], postings=file["postings"],
                       orders=file["orders"], can_visit=can_visit, stations=stations, error=error,
                       values=values or {}, status=status, visited=request.args.get("visited"),
                       today=date.today().isoformat(), **LABELS)


@bp.post("/employers/<employer_id>/visits")
@require_roles(*KEEPERS)
def employer_visit(employer_id):
    """登记联络站对该单位的实地考察(表单提交)。"""
    values = form_values(["station_id", "visited_on", "result", "findings"])
    try:
        uc.record_visit(jobs().uow(), employer_id, VISIT_FORM.parse(values), current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status == 404 and "station_id" not in error["fields"]:
            raise
        return employer_page(employer_id, error=error, values=values, status=status)
    return redirect(f"/ui/jobs/employers/{employer_id}?visited=1#visits", 303)


STAFF_FIELDS = [f"staff_{part}_{i}" for i in range(1, STAFF_ROWS + 1) for part in ("name", "phone", "title")]


def station_form_body(values: dict) -> dict:
    body = {k: v for k, v in values.items() if k in ("name", "city", "address")}
    staff = []
    for i in range(1, STAFF_ROWS + 1):
        person = {part: values[f"staff_{part}_{i}"] for part in ("name", "phone", "title")
                  if values.get(f"staff_{part}_{i}")}
        if person:
            staff.append(dict({"name": "", "phone": ""}, **person))
    if staff:
        body["staff"] = staff
    return body


def staff_errors(fields: dict) -> dict:
    """`staff.0.phone` -> the form's `staff_phone_1`."""
    out = {}
    for name, why in fields.items():
        parts = name.split(".")
        if parts[0] == "staff" and len(parts) == 3 and parts[1].isdigit():
            out[f"staff_{parts[2]}_{int(parts[1]) + 1}"] = why
        else:
            out[name] = why
    return out


@bp.get("/stations")
@require_roles(*READERS)
def stations_page(error=None, values=None, status=200):
    """驻外联络站:所在城市、工作人员与其考察过的用工单位;县劳务办登记联络站。"""
    user = current_user()
    return render_page("jobs/stations.html", items=uc.list_stations(jobs().uow(), user),
                       can_register=user.role in REVIEWERS, rows=range(1, STAFF_ROWS + 1), error=error,
                       values=values or {}, status=status, created=request.args.get("created"), **LABELS)


@bp.post("/stations")
@require_roles(*REVIEWERS)
def stations_register():
    """登记联络站(表单提交)。"""
    values = form_values(["name", "city", "address"] + STAFF_FIELDS)
    try:
        station = uc.register_station(jobs().uow(), STATION_FORM.parse(station_form_body(values)), current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return stations_page(error=dict(error, fields=staff_errors(error["fields"])), values=values, status=status)
    return redirect(f"/ui/jobs/stations?created={station['_id']}", 303)
