"""Backup and restore time and size for a large store: 50,000 members, 500,000 activities.

    python bench/backup.py                       # SQLite (online backup API)
    python bench/backup.py --postgres postgresql://postgres@127.0.0.1/test
                                                 # also PostgreSQL (pg_dump / pg_restore),
                                                 # in throw-away databases on that server

Backups are taken while a writer keeps logging activities (a bot at work), which is the
case the online backup API is for; the figure printed next to it is how many commands the
writer got through during the backup.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core_throughput import message, populate

from adapters.ops.backup import backup, restore
from bot.bootstrap import bootstrap
from bot.settings import Settings
from storage import open_store


async def timed_backup(url: str, file: Path, data: Path, members: int) -> tuple[float, int]:
    """Backup `url` to `file` while one writer logs activities; seconds, commands done."""
    store = await open_store(url)
    core = bootstrap(store, Settings(database_url=url, data_dir=data))
    stop = asyncio.Event()
    done = 0

    async def writer() -> None:
        nonlocal done
        seq = 0
        while not stop.is_set():
            seq += 1
            await core.router.handle(message(seq % members, "/log 1u intervisie", seq))
            done += 1

    task = asyncio.create_task(writer())
    await asyncio.sleep(0.2)
    before = done
    began = time.perf_counter()
    await backup(url, file, data)
    elapsed = time.perf_counter() - began
    during = done - before
    stop.set()
    await task
    await store.close()
    return elapsed, during


async def timed_restore(url: str, file: Path, data: Path) -> float:
    began = time.perf_counter()
    await restore(url, file, force=False, data_dir=data)
    return time.perf_counter() - began


async def populate_pg(url: str, members: int, activities: int) -> None:
    """The same rows as core_throughput.populate, through asyncpg's COPY."""
    import asyncpg

    store = await open_store(url)  # the schema
    await store.close()
    now = datetime.now(UTC)
    per = max(activities // members, 1)
    kinds = ["intervision", "course", "reading", "lesson_study", "webinar"]
    connection = await asyncpg.connect(url)
    try:
        await connection.copy_records_to_table(
            "members",
            records=[
                (i, f"Leraar {i}", "nl", "Europe/Amsterdam", now, per + 1, 1)
                for i in range(1, members + 1)
            ],
            columns=[
                "id",
                "display_name",
                "language",
                "timezone",
                "created_at",
                "next_activity_number",
                "next_goal_number",
            ],
        )
        await connection.execute(
            "SELECT setval(pg_get_serial_sequence('members', 'id'), $1)", members
        )
        await connection.copy_records_to_table(
            "identities",
            records=[("bench", f"u{i - 1}", i, now) for i in range(1, members + 1)],
            columns=["platform", "user_id", "member_id", "created_at"],
        )
        await connection.copy_records_to_table(
            "activities",
            records=[
                (
                    i,
                    n,
                    date(2025, 9, 1) + timedelta(days=n * 3 % 400),
                    60,
                    kinds[n % 5],
                    f"Activiteit {n}",
                    '["didactics"]',
                    "private",
                    now,
                )
                for i in range(1, members + 1)
                for n in range(1, per + 1)
            ],
            columns=[
                "member_id",
                "number",
                "date",
                "minutes",
                "kind",
                "title",
                "competence_areas",
                "visibility",
                "created_at",
            ],
        )
    finally:
        await connection.close()


async def pg_database(admin: str, create: bool, name: str) -> str:
    import asyncpg

    connection = await asyncpg.connect(admin)
    try:
        if create:
            await connection.execute(f'CREATE DATABASE "{name}"')
        else:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()
    return admin.rsplit("/", 1)[0] + f"/{name}"


def report(kind: str, seconds: float, writes: int, size: int, restored: float) -> None:
    print(f"  {kind}")
    print(f"    backup     {seconds:7.2f} s   ({writes} commands handled meanwhile)")
    print(f"    size       {size / 1e6:7.1f} MB")
    print(f"    restore    {restored:7.2f} s   (into an empty store, then migrated)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--activities", type=int, default=500_000)
    parser.add_argument("--postgres", metavar="ADMIN_URL", help="also measure PostgreSQL")
    args = parser.parse_args()
    print(f"backup of a store with {args.members:,} members and {args.activities:,} activities")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        url = f"sqlite:///{tmp}/live.db"
        began = time.perf_counter()
        asyncio.run(populate(url, args.members, args.activities))
        print(
            f"  (SQLite store filled in {time.perf_counter() - began:.0f} s, "
            f"{Path(tmp, 'live.db').stat().st_size / 1e6:.1f} MB)"
        )
        file = Path(tmp) / "copy.db"
        seconds, writes = asyncio.run(timed_backup(url, file, data, args.members))
        restored = asyncio.run(timed_restore(f"sqlite:///{tmp}/restored.db", file, data))
        report("SQLite, online backup API", seconds, writes, file.stat().st_size, restored)

        if args.postgres:
            tag = secrets.token_hex(3)
            live = asyncio.run(pg_database(args.postgres, True, f"ops_bench_{tag}"))
            empty = asyncio.run(pg_database(args.postgres, True, f"ops_bench_{tag}_r"))
            try:
                began = time.perf_counter()
                asyncio.run(populate_pg(live, args.members, args.activities))
                print(f"  (PostgreSQL store filled in {time.perf_counter() - began:.0f} s)")
                file = Path(tmp) / "copy.pgdump"
                seconds, writes = asyncio.run(timed_backup(live, file, data, args.members))
                restored = asyncio.run(timed_restore(empty, file, data))
                report(
                    "PostgreSQL, pg_dump --format=custom / pg_restore",
                    seconds,
                    writes,
                    file.stat().st_size,
                    restored,
                )
            finally:
                for name in (f"ops_bench_{tag}", f"ops_bench_{tag}_r"):
                    asyncio.run(pg_database(args.postgres, False, name))


if __name__ == "__main__":
    main()
