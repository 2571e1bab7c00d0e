"""MongoDB access for the data-quality runs: one record per China day on which the worker
published data_quality.measured (its _id is the day, so a day is published once)."""
from services.common.repository import MongoRepository


class QualityRunRepository(MongoRepository):
    collection = "quality_runs"
    duplicate_message = "当日数据质量已发布"
