"""公开查询: what a worker sees before paying an agency a fee: the licence status in four
words and a score band, never the agency's staff, phones or deductions. Pure."""
from services.common.domain.choices import Choices

from .agency import is_operating
from .scoring import BANDS, band

PUBLIC_STATUSES = Choices([("licensed", "持证经营"), ("suspended", "暂停营业"), ("revoked", "许可证已吊销"),
                           ("expired", "许可证已过期"), ("unknown", "未查到许可记录(可能为非法中介)")])


def public_status(agency: dict | None) -> str:
    if agency is None or agency.get("license_number") is None:
        return "unknown"  # applicants and rejected applicants hold no licence
    return agency["status"] if agency["status"] in PUBLIC_STATUSES else "unknown"


def public_view(agency: dict) -> dict:
    status = public_status(agency)
    row = {"name": agency["name"], "license_number": agency.get("license_number"),
           "status": status, "status_label": PUBLIC_STATUSES.label(status)}
    if status != "unknown":
        row.update({"valid_until": agency["valid_until"], "operating": is_operating(agency),
                    "address": agency["address"], "score_band": band(agency["score"]),
                    "score_band_label": BANDS.label(band(agency["score"]))})
    return row


def verify(agencies: list[dict], q: str) -> dict:
    rows = [public_view(a) for a in agencies if public_status(a) != "unknown"]
    if not rows:
        return {"q": q, "status": "unknown", "status_label": PUBLIC_STATUSES.label("unknown"), "matches": []}
    return {"q": q, "status": rows[0]["status"] if len(rows) == 1 else "several",
            "status_label": rows[0]["status_label"] if len(rows) == 1 else f"找到 {len(rows)} 家机构",
            "matches": rows}
