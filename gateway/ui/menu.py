"""Which pages each role may use: role -> [(title, url)], in menu order.
This is navigation only: every service checks role and region on each API call itself.
Add a page here when its service serves it under /ui/<service>/."""
PERSON_NEW = ("人员登记", "/ui/registry/persons/new")
PERSON_LIST = ("人员列表", "/ui/registry/persons")
INDICATORS = ("指标统计", "/ui/evaluation/indicators")

MENUS: dict[str, list[tuple[str, str]]] = {
    "county_admin": [PERSON_NEW, PERSON_LIST, INDICATORS],
    "township_staff": [PERSON_NEW, PERSON_LIST, INDICATORS],
    "village_liaison": [PERSON_NEW, PERSON_LIST],
    "leader": [INDICATORS],
    # pages for these roles come with the jobs, licensing and rights services
    "police_officer": [],
    "commerce_officer": [],
    "justice_officer": [],
    "rights_staff": [],
    "worker": [],
}


# the register's own pages (services/registry/ui/), each for exactly the roles its route admits
REGISTRY_IMPORTS = ("人员导入", "/ui/registry/imports")
REGISTRY_EXPORTS = ("台帐导出", "/ui/registry/exports")
REGISTRY_STATS = ("劳动力统计", "/ui/registry/stats")
REGISTRY_HOUSEHOLDS = ("户与成员", "/ui/registry/households")
REGISTRY_CAMPAIGNS = ("春节返乡核查", "/ui/registry/campaigns")
REGISTRY_DUPLICATES = ("疑似重复", "/ui/registry/duplicates")
REGISTRY_QUALITY = ("数据质量", "/ui/registry/quality")
REGISTRY_AUDIT = ("查阅记录", "/ui/registry/audit")
REGISTRY_MENUS = {
    "county_admin": [REGISTRY_IMPORTS, REGISTRY_EXPORTS, REGISTRY_STATS, REGISTRY_HOUSEHOLDS,
                     REGISTRY_CAMPAIGNS, REGISTRY_DUPLICATES, REGISTRY_QUALITY, REGISTRY_AUDIT],
    "township_staff": [REGISTRY_IMPORTS, REGISTRY_EXPORTS, REGISTRY_STATS, REGISTRY_HOUSEHOLDS,
                       REGISTRY_CAMPAIGNS, REGISTRY_DUPLICATES, REGISTRY_QUALITY],
    "village_liaison": [REGISTRY_IMPORTS, REGISTRY_EXPORTS, REGISTRY_STATS, REGISTRY_HOUSEHOLDS,
                        REGISTRY_CAMPAIGNS, REGISTRY_DUPLICATES],
    "leader": [PERSON_LIST, REGISTRY_EXPORTS, REGISTRY_STATS, REGISTRY_HOUSEHOLDS,  # masked views
               REGISTRY_CAMPAIGNS, REGISTRY_QUALITY],
}
for _role, _pages in REGISTRY_MENUS.items():
    MENUS.setdefault(_role, []).extend(_pages)


# the rights center's pages (services/rights/ui/), each for exactly the roles its route admits
RIGHTS_INTAKE = ("投诉登记", "/ui/rights/intake")
RIGHTS_CASES = ("维权案件", "/ui/rights/cases")
RIGHTS_INBOX = ("转办收件箱", "/ui/rights/inbox")
RIGHTS_LEGAL_AID = ("法律援助队列", "/ui/rights/legal-aid")
RIGHTS_REPORTS = ("维权统计", "/ui/rights/reports")
RIGHTS_COMPLAIN = ("网上投诉", "/ui/rights/complain")
RIGHTS_STATUS = ("投诉进度查询", "/ui/rights/status")
RIGHTS_MENUS = {
    "rights_staff": [RIGHTS_INTAKE, RIGHTS_CASES, RIGHTS_INBOX, RIGHTS_LEGAL_AID, RIGHTS_REPORTS],
    "county_admin": [RIGHTS_INTAKE, RIGHTS_CASES, RIGHTS_LEGAL_AID, RIGHTS_REPORTS],
    "township_staff": [RIGHTS_INTAKE, RIGHTS_CASES],
    "village_liaison": [RIGHTS_INTAKE, RIGHTS_CASES],
    "police_officer": [RIGHTS_INBOX, RIGHTS_CASES, RIGHTS_REPORTS],
    "commerce_officer": [RIGHTS_INBOX, RIGHTS_CASES, RIGHTS_REPORTS],
    "justice_officer": [RIGHTS_INBOX, RIGHTS_LEGAL_AID, RIGHTS_CASES, RIGHTS_REPORTS],
    "leader": [RIGHTS_REPORTS],
    "worker": [RIGHTS_COMPLAIN, RIGHTS_STATUS],
}
for _role, _pages in RIGHTS_MENUS.items():
    MENUS.setdefault(_role, []).extend(_pages)


# the jobs service's pages (services/jobs/ui/), each for exactly the roles its route admits;
# the job search is public (anyone, no login), listed for those who help workers find jobs
JOBS_SEARCH = ("招聘信息查询", "/ui/jobs/search")
JOBS_REVIEW = ("招聘信息审核", "/ui/jobs/review")
JOBS_POSTINGS = ("招聘信息", "/ui/jobs/postings")
JOBS_EMPLOYERS = ("用工单位", "/ui/jobs/employers")
JOBS_BASES = ("输出基地", "/ui/jobs/bases")
JOBS_ORDERS = ("用工订单", "/ui/jobs/orders")
JOBS_MATCHES = ("岗位匹配", "/ui/jobs/matches")
JOBS_FOLLOW_UPS = ("回访任务", "/ui/jobs/follow-ups")
JOBS_STATIONS = ("驻外联络站", "/ui/jobs/stations")
JOBS_APPLICATIONS = ("报名登记", "/ui/jobs/applications")
JOBS_PLACEMENTS = ("安置记录", "/ui/jobs/placements")
JOBS_MENUS = {
    "county_admin": [JOBS_REVIEW, JOBS_POSTINGS, JOBS_EMPLOYERS, JOBS_STATIONS, JOBS_BASES, JOBS_ORDERS,
                     JOBS_MATCHES, JOBS_APPLICATIONS, JOBS_PLACEMENTS, JOBS_FOLLOW_UPS, JOBS_SEARCH],
    "township_staff": [JOBS_POSTINGS, JOBS_EMPLOYERS, JOBS_STATIONS, JOBS_BASES, JOBS_ORDERS, JOBS_MATCHES,
                       JOBS_APPLICATIONS, JOBS_PLACEMENTS, JOBS_FOLLOW_UPS, JOBS_SEARCH],
    "village_liaison": [JOBS_MATCHES, JOBS_APPLICATIONS, JOBS_PLACEMENTS, JOBS_FOLLOW_UPS, JOBS_SEARCH],
    "leader": [JOBS_POSTINGS, JOBS_EMPLOYERS, JOBS_STATIONS, JOBS_BASES, JOBS_ORDERS],
    "worker": [JOBS_SEARCH],
}
for _role, _pages in JOBS_MENUS.items():
    MENUS.setdefault(_role, []).extend(_pages)


# the jobs service's notification and match-quality pages (services/jobs/ui/notification_pages.py,
# quality_pages.py), each for exactly the roles its route admits; the worker's own SMS page is
# public (opened by the code on the worker's slip), listed for the worker
JOBS_NOTICES = ("待办提醒", "/ui/jobs/notices")
JOBS_SMS_SUBSCRIPTIONS = ("短信订阅", "/ui/jobs/notifications")
JOBS_SMS_LOG = ("短信发送记录", "/ui/jobs/notifications/log")
JOBS_MATCH_QUALITY = ("匹配质量", "/ui/jobs/match-quality")
JOBS_SMS_OWN = ("短信提醒", "/ui/jobs/sms")
JOBS_NOTIFY_MENUS = {
    "county_admin": [JOBS_NOTICES, JOBS_SMS_SUBSCRIPTIONS, JOBS_SMS_LOG, JOBS_MATCH_QUALITY],
    "township_staff": [JOBS_NOTICES, JOBS_SMS_SUBSCRIPTIONS, JOBS_SMS_LOG, JOBS_MATCH_QUALITY],
    "village_liaison": [JOBS_NOTICES, JOBS_SMS_SUBSCRIPTIONS, JOBS_SMS_LOG, JOBS_MATCH_QUALITY],
    "leader": [JOBS_MATCH_QUALITY],
    "worker": [JOBS_SMS_OWN],
}
for _role, _pages in JOBS_NOTIFY_MENUS.items():
    MENUS.setdefault(_role, []).extend(_pages)


# the licensing service's pages (services/licensing/ui/), each for exactly the roles its route
# admits; the agency check is public (no login), listed for those who help workers
LIC_APPLICATIONS = ("许可审批", "/ui/licensing/applications")
LIC_AGENCIES = ("中介机构", "/ui/licensing/agencies")
LIC_ADS = ("广告审核", "/ui/licensing/ads")
LIC_CASES = ("查处非法中介", "/ui/licensing/enforcement")
LIC_VERIFY = ("中介核验", "/ui/licensing/verify")
LICENSING_MENUS = {
    "county_admin": [LIC_APPLICATIONS, LIC_AGENCIES, LIC_ADS, LIC_CASES, LIC_VERIFY],
    "police_officer": [LIC_AGENCIES, LIC_CASES],
    "commerce_officer": [LIC_AGENCIES, LIC_ADS, LIC_CASES],
    "leader": [LIC_AGENCIES, LIC_ADS],
    "rights_staff": [LIC_AGENCIES, LIC_VERIFY],
    "township_staff": [LIC_VERIFY],
    "worker": [LIC_VERIFY],
}
for _role, _pages in LICENSING_MENUS.items():
    MENUS.setdefault(_role, []).extend(_pages)


# evaluation's target-management pages (services/evaluation/ui/), each for exactly the roles
# its route admits (指标统计 is listed above)
EVAL_DASHBOARD = ("领导看板", "/ui/evaluation/dashboard")
EVAL_TARGETS = ("目标与权重", "/ui/evaluation/targets")
EVAL_REPORTS = ("工作报表", "/ui/evaluation/reports")
EVAL_ASSESSMENT = ("考评结果", "/ui/evaluation/assessment")
EVAL_AWARDS = ("创业之星", "/ui/evaluation/awards")
EVAL_MODEL_CASES = ("先进典型", "/ui/evaluation/model-cases")
EVALUATION_MENUS = {
    "county_admin": [EVAL_DASHBOARD, EVAL_TARGETS, EVAL_REPORTS, EVAL_ASSESSMENT, EVAL_AWARDS,
                     EVAL_MODEL_CASES],
    "leader": [EVAL_DASHBOARD, EVAL_TARGETS, EVAL_REPORTS, EVAL_ASSESSMENT, EVAL_AWARDS,
               EVAL_MODEL_CASES],
    "township_staff": [EVAL_TARGETS, EVAL_REPORTS, EVAL_AWARDS, EVAL_MODEL_CASES],
}
for _role, _pages in EVALUATION_MENUS.items():
    MENUS.setdefault(_role, []).extend(_pages)

def menu_for(role: str) -> list[tuple[str, str]]:
    return list(MENUS.get(role, []))
