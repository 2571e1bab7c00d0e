"""The county's townships and villages (data seeded from seed/regions.json, not code)."""
import json
from dataclasses import dataclass
from pathlib import Path

SEED_FILE = Path(__file__).resolve().parent.parent / "seed" / "regions.json"


@dataclass(frozen=True)
class Regions:
    townships: dict[str, str]          # code -> name
    villages: dict[str, tuple[str, str]]  # code -> (name, township code)

    @classmethod
    def from_documents(cls, docs) -> "Regions":
        towns, villages = {}, {}
        for d in docs:
            if d["level"] == "township":
                towns[d["_id"]] = d["name"]
            elif d["level"] == "village":
                villages[d["_id"]] = (d["name"], d["parent"])
        return cls(towns, villages)

    def problems(self, township_code: str, village_code: str) -> dict:
        """Field -> reason for codes that are unknown or do not belong together."""
        if township_code not in self.townships:
            return {"township_code": "未知的乡镇代码"}
        if village_code not in self.villages:
            return {"village_code": "未知的村代码"}
        if self.villages[village_code][1] != township_code:
            return {"village_code": "该村不属于所填乡镇"}
        return {}


def seed_documents(path: Path = SEED_FILE) -> list[dict]:
    seed = json.loads(path.read_text(encoding="utf-8"))
    county = seed["county"]
    docs = [{"_id": county["code"], "name": county["name"], "level": "county", "parent": None}]
    for order, town in enumerate(seed["townships"]):
        docs.append({"_id": town["code"], "name": town["name"], "level": "township",
                     "parent": county["code"], "order": order})
        for vorder, village in enumerate(town["villages"]):
            docs.append({"_id": village["code"], "name": village["name"],
                         "short_name": village.get("short_name", village["name"]), "level": "village",
                         "parent": town["code"], "order": vorder})
    return docs
