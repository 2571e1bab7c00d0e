"""Demo users, one per role, username = role code. Seeded only when DEMO_MODE=1 (embedded
stack and tests); production has no default password (use gateway.manage create-user)."""
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .auth.users import create_user

DEMO_PASSWORD = "Neixiang@2006"
DEMO_TOWNSHIP = "411325100"      # 城关镇
DEMO_VILLAGE = "411325100201"    # 书院村 (城关镇)

DEMO_USERS = [
    # username/role, department, region, display name
    ("county_admin", "labor", None, "县劳务办管理员"),
    ("township_staff", "labor", DEMO_TOWNSHIP, "城关镇劳务输出服务站"),
    ("village_liaison", "labor", DEMO_VILLAGE, "书院村信息联络员"),
    ("police_officer", "police", None, "县公安局民警"),
    ("commerce_officer", "commerce", None, "县工商局干部"),
    ("justice_officer", "justice", None, "县司法局法律援助律师"),
    ("rights_staff", "labor", None, "维权中心工作人员"),
    ("leader", "labor", None, "县领导"),
    ("worker", None, None, "务工人员"),
]


def seed_demo_users(db: Database) -> int:
    created = 0
    for role, department, region, name in DEMO_USERS:
        if db.users.find_one({"username": role}):
            continue
        try:
            create_user(db, role, DEMO_PASSWORD, role, department, region, name)
            created += 1
        except DuplicateKeyError:
            pass  # another process seeded it first
    return created
