"""The townships and villages a user may pick on a page: all for county roles, its own
township for township staff, its own village for a village liaison (the same rule the
domain enforces on registration, services/common/domain/roles.py)."""
from services.common.domain.actor import Actor
from services.common.domain.roles import in_region

from ..domain.regions import Regions


class RegionChoices:
    def __init__(self, regions: Regions, user: Actor):
        self.regions, self.user = regions, user

    def townships(self) -> list[tuple[str, str]]:
        return [(code, name) for code, name in sorted(self.regions.townships.items())
                if in_region(self.user, code) or self._liaison_town() == code]

    def villages(self, township_code: str | None) -> list[tuple[str, str]]:
        return [(code, name) for code, (name, town) in sorted(self.regions.villages.items())
                if town == township_code and in_region(self.user, town, code)]

    def groups(self) -> dict[str, list[tuple[str, str]]]:
        """Every village the user may pick, under its township: the village list that works
        without script."""
        return {name: self.villages(code) for code, name in self.townships()}

    def only_township(self) -> str | None:
        towns = self.townships()
        return towns[0][0] if len(towns) == 1 else None

    def _liaison_town(self) -> str | None:
        # a village liaison registers in its village, so its township is shown, fixed
        if self.user.role == "village_liaison" and self.user.region_code:
            return self.user.region_code[:9]
        return None

    def label(self, township_code: str | None, village_code: str | None = None) -> str:
        town = self.regions.townships.get(township_code or "", township_code or "")
        village = self.regions.villages.get(village_code or "")
        return f"{town} {village[0]}" if village else town
