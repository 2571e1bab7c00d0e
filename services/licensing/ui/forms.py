"""Page forms become the API's JSON bodies, checked by the same JSON Schemas; their field
names get Chinese labels for the page's error list."""
import re

from flask import request

from services.common.validation import BodySchema

FIELD_LABELS = {
    "name": "机构名称", "credit_code": "统一社会信用代码", "address": "地址",
    "legal_representative": "法定代表人", "contact_phone": "联系电话", "staff": "从业人员",
    "service_scope": "服务范围", "fee_schedule": "收费标准", "documents": "申报材料",
    "reason": "理由", "number": "营业执照号", "registered_on": "登记日期", "kind": "类型",
    "inspected_on": "检查日期", "inspectors": "检查人员", "checklist": "检查项目",
    "findings": "发现问题", "deductions": "扣分项", "follow_up_due": "整改期限",
    "rule_code": "扣分规则", "note": "说明", "submitter_type": "提交方", "agency_id": "中介机构",
    "employer_name": "用人单位", "medium": "媒体类型", "outlet": "媒体名称", "title": "标题",
    "content": "内容", "decision": "审核结论", "suspect_name": "被举报单位或个人",
    "place": "地点", "suspect_phones": "对方电话", "details": "情况说明",
    "reporter_name": "举报人姓名", "reporter_phone": "举报人电话", "amount": "金额",
    "result": "结果", "department": "部门", "evidence": "证据", "q": "查询内容", "state": "状态",
    "action": "操作", "status": "状态", "version": "版本", "id": "编号", "tip_ids": "举报线索",
    "proposal_id": "处理建议", "draw_id": "抽查批次", "body": "表单",
}


def label_fields(fields: dict) -> dict:
    """{'staff.0.name': why} -> {'从业人员': why}: what the page shows."""
    out = {}
    for key, why in (fields or {}).items():
        out.setdefault(FIELD_LABELS.get(re.split(r"[.\[]", key)[0], "表单"), why)
    return out


def text(name: str) -> str:
    return (request.form.get(name) or "").strip()


def lines(name: str) -> list[str]:
    return [line.strip() for line in text(name).splitlines() if line.strip()]


def items(name: str) -> list[str]:
    return [x for x in re.split(r"[,,、;;\s]+", text(name)) if x]


def checked(schema: dict, body: dict) -> dict:
    """Blank fields are left out so `required` names them; raises the API's 400."""
    return BodySchema(schema).parse({k: v for k, v in body.items() if v not in ("", None, [])})


def application_body() -> dict:
    """Staff one per line "姓名 证书编号"; fees one per line "项目 金额"."""
    staff = []
    for line in lines("staff"):
        parts = line.rsplit(None, 1)
        staff.append({"name": parts[0], "certificate_number": parts[1] if len(parts) > 1 else ""})
    fees = []
    for line in lines("fee_schedule"):
        parts = line.rsplit(None, 1)
        try:
            amount = float(parts[1]) if len(parts) > 1 else -1
        except ValueError:
            amount = -1
        fees.append({"item": parts[0], "amount": amount})
    return {"name": text("name"), "credit_code": text("credit_code").upper(), "address": text("address"),
            "legal_representative": text("legal_representative"), "contact_phone": text("contact_phone"),
            "staff": staff, "service_scope": text("service_scope"), "fee_schedule": fees,
            "documents": items("documents")}
