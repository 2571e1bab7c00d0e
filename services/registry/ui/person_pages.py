"""A person's page: the record (masked per the personal-data policy), its history, and for
the keepers of its region the forms to edit it, change its status and record training and
migration. Each form posts here and runs the same use case and schema as the API."""
from flask import current_app, g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError
from services.common.errors import ApiError
from services.common.ui import error_of, form_values, render_page
from services.common.validation import BodySchema

from ..api.persons import origin
from ..domain.choices import (CHILDBEARING, DESTINATIONS, EDUCATION, HEALTH, HUKOU, INDUSTRIES,
                              MARITAL, ORGANIZATION, PAYERS, SEX, STATUSES)
from ..domain.person import PATCH_SCHEMA, READERS, WRITERS
from ..domain.privacy import person_view, sees_personal_data
from ..domain.records import (INCOME_SCHEMA, MIGRATION_SCHEMA, STATUS_FLOW, STATUS_SCHEMA,
                              TRAINING_SCHEMA)
from ..service_layer import persons as use_cases
from ..service_layer import records
from .pages import bp
from .regions import RegionChoices

EDIT_FIELDS = ("name", "phone", "group_name", "education", "health", "health_detail",
               "marital_status", "childbearing", "hukou_type", "skills", "job_intention",
               "training_intention", "notes")
INTS = ("version", "hours", "monthly_income", "expected_wage", "year")
LABELS = {"STATUSES": STATUSES, "EDUCATION": EDUCATION, "HEALTH": HEALTH, "MARITAL": MARITAL,
          "SEX": SEX, "CHILDBEARING": CHILDBEARING, "HUKOU": HUKOU, "DESTINATIONS": DESTINATIONS,
          "ORGANIZATION": ORGANIZATION, "PAYERS": PAYERS, "INDUSTRIES": INDUSTRIES}
FIELD_LABELS = {"name": "姓名", "id_number": "身份证号", "phone": "手机号", "birth_date": "出生日期",
                "sex": "性别", "township_code": "乡镇", "village_code": "村", "group_name": "组",
                "household_id": "户", "ethnicity": "民族", "hukou_type": "户口性质",
                "health": "健康状况", "health_detail": "健康说明", "marital_status": "婚姻状况",
                "childbearing": "生育状况", "education": "文化程度", "skills": "技能特长",
                "certificates": "证书", "job_intention": "就业意向", "intended_industries": "意向行业",
                "intended_regions": "意向地区", "expected_wage": "期望月薪",
                "training_intention": "培训意向", "organized_willing": "有组织输出意愿",
                "new_entrant": "新增劳动力", "new_entrant_reason": "新增原因", "notes": "备注"}
FORMS = {"edit": BodySchema(PATCH_SCHEMA), "training": BodySchema(TRAINING_SCHEMA),
         "migration": BodySchema(MIGRATION_SCHEMA), "status": BodySchema(STATUS_SCHEMA),
         "income": BodySchema(INCOME_SCHEMA)}


def _registry():
    return current_app.extensions["registry"]


def _page(person_id: str, form: str | None = None, error=None, values=None, status=200):
    user = current_user()
    r = _registry()
    person = use_cases.get_person(r.uow(), person_id, user, origin())
    view = person_view(person, user)
    history = use_cases.history(r.uow(), person_id, user)
    keeper = user.role in WRITERS and sees_personal_data(user, person)
    return render_page("registry/person_detail.html", status=status, p=view, history=history,
                       keeper=keeper, form=form, error=error, errors=(error or {}).get("fields", {}),
                       values=values or {}, next_statuses=STATUS_FLOW.actions_from(person["status"]),
                       regions=RegionChoices(r.regions.get(), user), field_labels=FIELD_LABELS,
                       **LABELS)


@bp.get("/persons/<person_id>")
@require_roles(*READERS)
def person_detail(person_id: str):
    """人员档案页:基本信息、培训、务工、变更记录;本辖区登记人员可修改。"""
    return _page(person_id[:64])


def _body(fields, lists=()) -> dict:
    body = form_values(fields, lists=lists)
    for key in INTS:
        if key in body and body[key].isascii() and body[key].isdigit():
            body[key] = int(body[key])
    if "amount" in body and body["amount"].isascii():  # yuan, with fen allowed: a JSON number
        try:
            body["amount"] = float(body["amount"]) if "." in body["amount"] else int(body["amount"])
        except ValueError:
            pass  # left as text: the schema names the field
    return body


def _submit(person_id: str, form: str, fields, run, lists=()):
    person_id = person_id[:64]
    body = _body(fields, lists)
    try:
        problems = FORMS[form].errors(body)
        if problems:
            raise ApiError(400, "validation_failed", "请按提示修改后再提交", problems)
        run(body)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status in (401, 403, 404):
            raise
        return _page(person_id, form, error, body, status)
    return redirect(f"/ui/registry/persons/{person_id}", 303)


@bp.post("/persons/<person_id>/edit")
@require_roles(*WRITERS)
def person_edit(person_id: str):
    """修改人员档案(带读取时的版本号;他人已修改则提示刷新)。"""
    r = _registry()
    return _submit(person_id, "edit", EDIT_FIELDS + ("version",), lambda b: use_cases.update_person(
        r.uow(), r.regions.get(), person_id[:64], b, current_user(), g.request_id), lists=("skills",))


@bp.post("/persons/<person_id>/status")
@require_roles(*WRITERS)
def person_status(person_id: str):
    """变更就业状态。"""
    fields = ("to_status", "version", "reason")
    return _submit(person_id, "status", fields, lambda b: records.change_status(
        _registry().uow(), person_id[:64], b, current_user(), g.request_id))


@bp.post("/persons/<person_id>/trainings")
@require_roles(*WRITERS)
def person_training(person_id: str):
    """登记培训。"""
    fields = ("course", "institution", "hours", "started_on", "ended_on", "certificate", "paid_by")
    return _submit(person_id, "training", fields, lambda b: records.add_training(
        _registry().uow(), person_id[:64], b, current_user(), g.request_id))


@bp.post("/persons/<person_id>/migrations")
@require_roles(*WRITERS)
def person_migration(person_id: str):
    """登记外出务工。"""
    fields = ("employer", "city", "destination", "industry", "start_date", "end_date",
              "monthly_income", "organization")
    return _submit(person_id, "migration", fields, lambda b: records.add_migration(
        _registry().uow(), person_id[:64], b, current_user(), g.request_id))


@bp.post("/persons/<person_id>/incomes")
@require_roles(*WRITERS)
def person_income(person_id: str):
    """填报年度劳务收入(同一年再次填报则替换)。"""
    return _submit(person_id, "income", ("year", "amount"), lambda b: records.report_income(
        _registry().uow(), person_id[:64], b, current_user(), g.request_id))
