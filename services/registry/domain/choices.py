"""The register's coded values with their Chinese labels (codes in the API, labels on pages,
in ledgers and in imports). Education and marital status follow the national statistical
survey's categories (GB/T 4658, 人口普查婚姻状况)."""
from services.common.domain.choices import Choices

STATUSES = Choices([("surplus", "富余劳动力"), ("migrant", "外出务工"), ("returned", "返乡"),
                    ("entrepreneur", "返乡创业")])
EDUCATION = Choices([("none", "未上过学"), ("primary", "小学"), ("junior_high", "初中"),
                     ("senior_high", "高中"), ("vocational", "中等职业教育"),
                     ("college", "大学专科"), ("bachelor", "大学本科"),
                     ("postgraduate", "研究生")])
HEALTH = Choices([("healthy", "健康"), ("fair", "一般"), ("poor", "较差"), ("disabled", "残疾")])
MARITAL = Choices([("single", "未婚"), ("married", "有配偶"), ("divorced", "离婚"),
                   ("widowed", "丧偶")])
CHILDBEARING = Choices([("none", "未育"), ("one", "已育一孩"), ("two_plus", "已育二孩及以上")])
HUKOU = Choices([("agricultural", "农业户口"), ("non_agricultural", "非农业户口")])
SEX = Choices([("male", "男"), ("female", "女")])
INDUSTRIES = Choices([("construction", "建筑业"), ("manufacturing", "制造业"),
                      ("electronics", "电子"), ("textile", "纺织服装"),
                      ("commerce", "商贸服务"), ("catering", "餐饮住宿"),
                      ("domestic", "家政服务"), ("transport", "交通运输"),
                      ("agriculture", "农林牧渔"), ("other", "其他")])
DESTINATIONS = Choices([("yangtze_delta", "长三角"), ("pearl_delta", "珠三角"),
                        ("bohai_rim", "环渤海"), ("in_province", "省内"), ("in_county", "县内"),
                        ("other", "其他")])
ORGANIZATION = Choices([("organized", "有组织输出"), ("self", "自发外出")])
NEW_ENTRANT_REASONS = Choices([("reached_age", "达到劳动年龄"), ("left_school", "毕业离校")])
PAYERS = Choices([("government", "政府补贴"), ("employer", "用工企业"), ("self", "个人"),
                  ("other", "其他")])
ETHNICITIES = Choices([(n, n) for n in (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
    "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()])
