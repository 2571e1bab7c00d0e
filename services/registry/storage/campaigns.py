"""Re-check campaigns with the reads their pages need beyond storage/households.py: which of
a list of households a campaign has confirmed (and by whom, when)."""
from .households import CampaignRepository


class CampaignReviewRepository(CampaignRepository):
    def confirmed_in(self, campaign_id: str, household_ids: list[str]) -> dict[str, dict]:
        rows = self.db.campaign_confirmations.find(
            {"campaign_id": campaign_id, "household_id": {"$in": household_ids}}, {"_id": 0},
            session=self.session)
        return {r["household_id"]: r for r in rows}
