"""Command line: `python -m access grant USER (--city | --district CODE… | --street CODE) [--admin]`,
`python -m access revoke USER`, `python -m access list [--json]`,
`python -m access audit [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--user U] [--kind K] [--district CODE] [--json]`.

Exit code 0 when done, 2 when refused (a bad code, an unknown user, a bad option); nothing is written then.
Grants and revokes are themselves audit events, with who ran the command (`--by`, else the system user).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import pwd
import sys
from datetime import date
from pathlib import Path

from access import audit, db, texts
from access.grants import BadGrant, Grants
from ui.cli import Parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(texts.BAD_DATE.format(text=text)) from None


def _kind(text: str) -> str:
    if text not in audit.KINDS:
        raise argparse.ArgumentTypeError(texts.BAD_KIND.format(kind=text, kinds="、".join(audit.KINDS)))
    return text


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m access", description=texts.DESCRIPTION)
    p.add_argument("--db", type=Path, help="授权与审计数据库（默认：$DASHBOARD_ACCESS_DB 或 data/access.sqlite3）")
    commands = p.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="命令")

    grant = commands.add_parser(
        "grant",
        prog="python -m access grant",
        help="授权（已有授权的用户将被替换为新的授权）",
        description="给用户授权，替换其原有授权。",
    )
    grant.add_argument("user", metavar="USER", help="门户用户标识（与单位门户登录名一致）")
    role = grant.add_mutually_exclusive_group(required=True)
    role.add_argument("--city", action="store_true", help="市级：可查看全市全部记录")
    role.add_argument("--district", nargs="+", metavar="CODE", help="区级：可查看这些区的记录，例如 110105")
    role.add_argument("--street", nargs="+", metavar="CODE", help="街乡镇级：可查看一个街乡镇的记录，例如 110105001")
    grant.add_argument("--admin", action="store_true", help="同时设为管理员：可授权并查看审计记录")
    grant.add_argument("--by", help="操作人（记入审计记录；默认为当前系统用户）")
    grant.add_argument(
        "--warehouse",
        type=Path,
        help="用于核对街乡镇代码的数据仓库（默认：$DASHBOARD_WAREHOUSE 或 data/warehouse.duckdb，存在时使用）",
    )

    revoke = commands.add_parser("revoke", prog="python -m access revoke", help="撤销授权", description="撤销用户的全部授权。")
    revoke.add_argument("user", metavar="USER", help="门户用户标识")
    revoke.add_argument("--by", help="操作人（记入审计记录；默认为当前系统用户）")

    listing = commands.add_parser("list", prog="python -m access list", help="列出全部授权", description="列出全部授权。")
    listing.add_argument("--json", action="store_true", help="输出 JSON")

    log = commands.add_parser(
        "audit", prog="python -m access audit", help="查询审计记录", description="查询审计记录（北京时间），按时间先后列出。"
    )
    log.add_argument("--since", type=_day, help="起始日期 YYYY-MM-DD（含）")
    log.add_argument("--until", type=_day, help="截止日期 YYYY-MM-DD（含）")
    log.add_argument("--user", help="只看某一用户")
    log.add_argument("--kind", type=_kind, help=f"只看某类事件：{'、'.join(audit.KINDS)}")
    log.add_argument("--district", metavar="CODE", help="只看涉及某区的事件（页面筛选、导出、简报）")
    log.add_argument("--json", action="store_true", help="输出 JSON")
    return p


def _operator(given: str | None) -> str:
    if given:
        return given
    try:
        return f"system:{getpass.getuser()}"
    except (KeyError, OSError):
        return "system:unknown"


def _default_warehouse(given: Path | None) -> Path | None:
    if given is not None:
        return given
    from data import warehouse_path

    found = warehouse_path()
    return found if found.exists() else None


def _owner_mismatch(file: Path) -> str | None:
    """Refuse to open the service's database as another user: SQLite would create its -wal and -shm files
    as that user (root, typically), and the app processes could no longer write the audit trail."""
    try:
        owner = file.stat().st_uid
    except FileNotFoundError:
        return None
    if owner == os.geteuid():
        return None
    try:
        name = pwd.getpwuid(owner).pw_name
    except KeyError:
        name = str(owner)
    return f"数据库 {file} 属于用户 {name}，请以该用户运行，例如：sudo -u {name} python -m access …"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    file = args.db or db.path()
    mismatch = _owner_mismatch(file)
    if mismatch:
        return _refuse(mismatch)
    grants = Grants(file)

    if args.command == "grant":
        role, codes = ("city", []) if args.city else ("district", args.district) if args.district else ("street", args.street)
        try:
            warehouse = _default_warehouse(args.warehouse)
            if warehouse is not None and not warehouse.exists():
                return _refuse(f"数据仓库 {warehouse} 不存在")
            given = grants.grant(args.user, role, codes, admin=args.admin, by=_operator(args.by), warehouse=warehouse)
        except BadGrant as error:
            return _refuse(str(error))
        print(texts.GRANTED.format(user=given.user, scope=given.describe(), admin=""))
        return 0

    if args.command == "revoke":
        if not grants.revoke(args.user, by=_operator(args.by)):
            return _refuse(texts.NOT_GRANTED.format(user=args.user))
        print(texts.REVOKED.format(user=args.user))
        return 0

    if args.command == "list":
        every = grants.all()
        if args.json:
            print(json.dumps([grant.as_dict() for grant in every], ensure_ascii=False, indent=2))
        elif not every:
            print(texts.NO_GRANTS)
        else:
            for grant in every:
                print(f"{grant.user}\t{grant.describe()}\t{grant.granted_at[:19]}\t{grant.granted_by}")
        return 0

    events = audit.AuditLog(file).events(
        since=args.since, until=args.until, user=args.user, kind=args.kind, district=args.district
    )
    if args.json:
        print(json.dumps([event.as_dict() for event in events], ensure_ascii=False, indent=2))
    else:
        for event in events:
            detail = json.dumps(event.detail, ensure_ascii=False, sort_keys=True)
            print(f"{event.at[:19]}\t{event.kind}\t{event.user or '-'}\t进程 {event.pid}\t{detail}")
    return 0


def _refuse(message: str) -> int:
    print(f"未执行：{message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
