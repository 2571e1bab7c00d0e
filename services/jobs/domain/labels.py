"""The jobs service's coded values with their Chinese labels (one table each)."""
from services.common.domain.choices import Choices

INDUSTRIES = Choices([("manufacturing", "制造业"), ("electronics", "电子"), ("garment", "服装纺织"),
                      ("construction", "建筑"), ("services", "服务业"), ("catering", "餐饮"),
                      ("logistics", "物流运输"), ("domestic", "家政"), ("security", "保安"),
                      ("agriculture", "农业"), ("other", "其他")])
SIZES = Choices([("small", "小型(100人以下)"), ("medium", "中型(100-999人)"),
                 ("large", "大型(1000人以上)")])
# where the work is: the same codes as the registry's migration destinations
WORK_REGIONS = Choices([("yangtze_delta", "长三角"), ("pearl_delta", "珠三角"), ("bohai", "环渤海"),
                        ("in_province", "省内"), ("in_county", "县内"), ("other", "其他")])
BOARD = Choices([("both", "包吃住"), ("food", "包吃"), ("lodging", "包住"), ("none", "不包吃住")])
EDUCATION = Choices([("none", "不限"), ("primary", "小学"), ("junior_high", "初中"),
                     ("senior_high", "高中"), ("vocational", "中专/职高"), ("college", "大专"),
                     ("bachelor_plus", "本科及以上")])
SEX_REQUIREMENT = Choices([("any", "不限"), ("male", "男"), ("female", "女")])
HEALTH = Choices([("any", "不限"), ("healthy", "身体健康")])
VISIT_RESULTS = Choices([("sound", "情况属实"), ("concerns", "有疑点"), ("rejected", "不宜合作")])
# education codes in order, to compare a worker's level with a posting's minimum
EDUCATION_ORDER = ("none", "primary", "junior_high", "senior_high", "vocational", "college",
                   "bachelor_plus")


def education_rank(code: str | None) -> int:
    if code == "vocational":  # 中专 counts as 高中 level
        return EDUCATION_ORDER.index("senior_high")
    return EDUCATION_ORDER.index(code) if code in EDUCATION_ORDER else 0
