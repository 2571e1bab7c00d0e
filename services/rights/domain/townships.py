"""The county's townships (code -> name), data in seed/townships.json: a complaint names the
complainant's township by its official code."""
import json
from pathlib import Path

TOWNSHIPS_FILE = Path(__file__).resolve().parent.parent / "seed" / "townships.json"


def load_townships(path: Path = TOWNSHIPS_FILE) -> dict[str, str]:
    return {t["code"]: t["name"] for t in json.loads(path.read_text(encoding="utf-8"))["townships"]}


TOWNSHIPS = load_townships()
