"""The units assessed: the county's 16 townships (official codes, a copy of the registry's
seed kept as evaluation's own data: services do not read each other's stores) and the county
units. Pure."""
import json
from pathlib import Path

from .scoring import COUNTY_UNITS

SEED = Path(__file__).resolve().parent.parent / "seed" / "townships.json"
_seed = json.loads(SEED.read_text(encoding="utf-8"))
COUNTY_CODE = _seed["county"]["code"]
TOWNSHIPS: dict[str, str] = {t["code"]: t["name"] for t in _seed["townships"]}


def unit_name(code: str) -> str:
    if code == COUNTY_CODE:
        return "全县(未分乡镇)"
    return TOWNSHIPS.get(code) or COUNTY_UNITS.label(code)


def units_of(group: str) -> list[str]:
    return list(TOWNSHIPS) if group == "township" else list(COUNTY_UNITS.codes)
