"""Administration commands: `python -m gateway.manage create-user --username U --role R ...`
reads the password from the environment variable NEW_USER_PASSWORD or asks for it."""
import argparse
import getpass
import os
import sys

from services.common.mongo import client_for

from .auth.users import create_user, ensure_indexes
from .config import GatewaySettings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gateway.manage")
    sub = parser.add_subparsers(dest="cmd", required=True)
    cu = sub.add_parser("create-user")
    cu.add_argument("--username", required=True)
    cu.add_argument("--role", required=True)
    cu.add_argument("--department")
    cu.add_argument("--region-code")
    cu.add_argument("--display-name")
    args = parser.parse_args(argv)
    settings = GatewaySettings.load()
    db = client_for(settings.mongo_url)[settings.mongo_db]
    ensure_indexes(db)
    password = os.environ.get("NEW_USER_PASSWORD") or getpass.getpass("密码: ")
    try:
        create_user(db, args.username, password, args.role, args.department, args.region_code,
                    args.display_name)
    except ValueError as e:
        print(f"无法创建用户: {e}", file=sys.stderr)
        return 2
    print(f"已创建用户 {args.username} ({args.role})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
