"""Chinese names of roles and departments for the shell's header."""
ROLE_NAMES = {
    "county_admin": "县劳务办",
    "township_staff": "乡镇服务站",
    "village_liaison": "村信息联络员",
    "police_officer": "公安",
    "commerce_officer": "工商",
    "justice_officer": "司法",
    "rights_staff": "维权中心",
    "leader": "县领导",
    "worker": "务工人员",
}

DEPARTMENT_NAMES = {
    "labor": "劳务部门",
    "police": "公安局",
    "commerce": "工商局",
    "justice": "司法局",
}
