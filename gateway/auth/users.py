"""Users live in the gateway's own database, passwords as salted scrypt hashes."""
import uuid
from datetime import datetime, timezone

from pymongo.database import Database
from werkzeug.security import check_password_hash, generate_password_hash

from services.common.domain.roles import DEPARTMENTS, ROLES


# A constant hash so that an unknown username costs as much time as a wrong password: the
# scrypt hash of "not-a-real-password" with werkzeug's parameters for method="scrypt" (the ones
# create_user stores), written out rather than computed at import, which cost every process
# that imports this module (each test run too) a fifth of a second.
_DUMMY_HASH = ("scrypt:32768:8:1$XiLiIziohw7rkYZc$6c09f4eda7802ed5ada00c9aeed7530892d9c4d835425b95"
               "61d35b6c7a71a451f110772de10037d8e2ed6444275f2ab0d8816d3e93d3734b60818eb788755c28")


def ensure_indexes(db: Database) -> None:
    from . import ratelimit, refresh
    db.users.create_index("username", unique=True)
    ratelimit.ensure_indexes(db)
    refresh.ensure_indexes(db)


def validate_user_fields(username: str, password: str, role: str, department: str | None,
                         region_code: str | None) -> dict:
    problems = {}
    if not username or len(username) > 64:
        problems["username"] = "用户名须为 1-64 个字符"
    if len(password or "") < 10:
        problems["password"] = "密码至少 10 位"
    if role not in ROLES:
        problems["role"] = "未知角色"
    if department is not None and department not in DEPARTMENTS:
        problems["department"] = "未知部门"
    if role in ("township_staff", "village_liaison") and not region_code:
        problems["region_code"] = "乡镇和村级用户须指定区划代码"
    return problems


def create_user(db: Database, username: str, password: str, role: str, department: str | None,
                region_code: str | None, display_name: str | None = None) -> dict:
    problems = validate_user_fields(username, password, role, department, region_code)
    if problems:
        raise ValueError(problems)
    user = {"_id": uuid.uuid4().hex, "username": username,
            "password_hash": generate_password_hash(password, method="scrypt"),
            "role": role, "department": department, "region_code": region_code,
            "display_name": display_name or username, "active": True,
            "created_at": datetime.now(timezone.utc)}
    db.users.insert_one(user)
    return user


def authenticate(db: Database, username: str, password: str) -> dict | None:
    user = db.users.find_one({"username": username, "active": True})
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user["password_hash"], password) else None


def public_user(user: dict) -> dict:
    return {"id": user["_id"], "username": user["username"], "role": user["role"],
            "department": user.get("department"), "region_code": user.get("region_code"),
            "display_name": user.get("display_name", user["username"])}
