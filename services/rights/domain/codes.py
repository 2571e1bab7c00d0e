"""Coded values of the rights service with their Chinese labels (one table each)."""
from services.common.domain.choices import Choices

CHANNELS = Choices([("hotline", "维权热线"), ("walk_in", "来访"), ("web", "网上投诉"),
                    ("township", "乡镇转来"), ("liaison_station", "外地联络站转来"),
                    ("wage_alert", "欠薪预警")])
# channels staff record on intake; "web" is the public form's, "wage_alert" the jobs event's
STAFF_CHANNELS = ("hotline", "walk_in", "township", "liaison_station")
CATEGORIES = Choices([("wage_arrears", "拖欠工资"), ("injury", "工伤"), ("contract", "劳动合同"),
                      ("fraud", "诈骗/非法中介"), ("fees", "乱收费"), ("other", "其他")])
RESPONDENT_TYPES = Choices([("employer", "用工单位"), ("agency", "中介机构"),
                            ("unlicensed_agency", "无证中介"), ("other", "其他")])
CASE_STATES = Choices([("received", "已受理登记"), ("accepted", "已立案"),
                       ("investigating", "调查处理中"), ("resolved", "已办结"),
                       ("closed", "已结案"), ("rejected", "不予受理")])
OPEN_STATES = ("received", "accepted", "investigating")
OUTCOMES = Choices([("wages_recovered", "追回工资"), ("compensation", "获得赔偿"),
                    ("agency_sanctioned", "中介受到处罚"), ("nothing", "无结果")])
REFERRAL_STATES = Choices([("pending", "待接收"), ("accepted", "已接收"), ("rejected", "已退回"),
                           ("revoked", "已撤回")])
ACCEPT_AS = Choices([("owner", "承办(主办)"), ("co_handler", "协办")])
LEGAL_AID_STATES = Choices([("requested", "已申请"), ("assigned", "已指派"),
                            ("concluded", "已办结")])
LEGAL_AID_METHODS = Choices([("mediated", "调解"), ("arbitration", "仲裁"),
                             ("litigation", "诉讼")])
AGENCY_STATUSES = Choices([("licensed", "持证"), ("suspended", "暂停"), ("revoked", "吊销"),
                           ("expired", "过期")])
