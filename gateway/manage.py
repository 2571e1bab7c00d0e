"""Administration commands. Passwords come from the environment variable NEW_USER_PASSWORD or
are asked for.

    python -m gateway.manage create-user --username U --role R [--department D] [--region-code C]
    python -m gateway.manage set-password --username U
    python -m gateway.manage deactivate-user --username U

set-password and deactivate-user revoke the user's tokens at once, at the gateway and (through
the gateway.user event) at every service."""
import argparse
import getpass
import os
import sys

from services.common.mongo import client_for

from .auth.revoke import UnknownUser, deactivate_user, set_password
from .auth.users import create_user, ensure_indexes, validate_user_fields
from .config import GatewaySettings


def _password() -> str:
    return os.environ.get("NEW_USER_PASSWORD") or getpass.getpass("密码: ")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gateway.manage")
    sub = parser.add_subparsers(dest="cmd", required=True)
    cu = sub.add_parser("create-user")
    cu.add_argument("--username", required=True)
    cu.add_argument("--role", required=True)
    cu.add_argument("--department")
    cu.add_argument("--region-code")
    cu.add_argument("--display-name")
    sp = sub.add_parser("set-password", help="设置新密码并立即吊销该用户的全部令牌")
    sp.add_argument("--username", required=True)
    du = sub.add_parser("deactivate-user", help="停用用户并立即吊销其全部令牌")
    du.add_argument("--username", required=True)
    args = parser.parse_args(argv)
    settings = GatewaySettings.load()
    client = client_for(settings.mongo_url)
    db = client[settings.mongo_db]
    ensure_indexes(db)
    if args.cmd == "create-user":
        try:
            create_user(db, args.username, _password(), args.role, args.department,
                        args.region_code, args.display_name)
        except ValueError as e:
            print(f"无法创建用户: {e}", file=sys.stderr)
            return 2
        print(f"已创建用户 {args.username} ({args.role})")
        return 0
    try:
        if args.cmd == "set-password":
            password = _password()
            problem = validate_user_fields(args.username, password, "leader", None, None).get("password")
            if problem:
                print(f"无法设置密码: {problem}", file=sys.stderr)
                return 2
            set_password(client, db, args.username, password)
            print(f"已为 {args.username} 设置新密码,其原有令牌和会话均已失效")
        else:
            deactivate_user(client, db, args.username)
            print(f"已停用用户 {args.username},其令牌和会话均已失效")
    except UnknownUser:
        print(f"没有用户 {args.username}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
