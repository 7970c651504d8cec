"""Reminders: a burst of 100,000 due at once, and the lateness of a steady stream.

    python bench/reminders.py                      # SQLite and PostgreSQL, as in README.md
    python bench/reminders.py --help               # sizes, rates, the PostgreSQL server

Burst: 100,000 reminders (half one-off, half daily) of 1,000 members are all due; the
dispatcher claims them in batches and writes one outbox row per occurrence, advancing
each reminder, one transaction per batch. Measured: the time until all are in the outbox.

Stream: reminders fall due at a steady rate for a while; the real scheduler job
(`bot.scheduling`, every second) dispatches them and an outbox `Deliverer` sends them
through a channel that only records the time. Lateness = sent - scheduled, p50 / p99.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg

from bot.bootstrap import bootstrap
from bot.delivery.outbox import Deliverer, DeliverySettings
from bot.settings import Settings
from storage import open_store, upgrade_schema
from tests.support.reminder_seed import outbox_keys, seed


class RecordingChannel:
    """Sends nowhere; remembers when each message would have gone out."""

    platform = "test"

    def __init__(self) -> None:
        self.sent: list[float] = []

    async def send_private(self, user_id: str, message: object) -> None:
        self.sent.append(time.time())

    async def send_unreachable_note(self, chat_id: str, user_id: str, note: object) -> None:
        return None


async def burst(url: str, count: int, members: int, batch: int) -> tuple[float, int]:
    store = await open_store(url)
    try:
        due_at = datetime.now(UTC).replace(microsecond=0)  # all due this very second
        await seed(store, count, due_at, members=members)
        core = bootstrap(store, Settings(database_url=url, reminder_batch=batch))
        start = time.perf_counter()
        while (await core.reminders.dispatch_due()).claimed:
            pass
        elapsed = time.perf_counter() - start
        queued = await store.run(lambda uow: len(outbox_keys(uow)))
        return elapsed, queued
    finally:
        await store.close()


async def stream(url: str, per_second: int, seconds: int) -> list[float]:
    store = await open_store(url)
    try:
        core = bootstrap(store, Settings(database_url=url))
        first = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=3)
        step = timedelta(seconds=1) / per_second
        await seed(store, per_second * seconds, first, members=per_second, step=step)
        channel = RecordingChannel()
        deliverer = Deliverer(
            store, core.clock, channel, core.translator, DeliverySettings(batch=200)
        )
        core.reminders.listeners.append(deliverer.poke)
        core.scheduler.start()
        deliverer.start()
        await asyncio.sleep(3 + seconds + 3)
        await core.scheduler.stop()
        await deliverer.stop()

        def lateness(uow) -> list[float]:  # type: ignore[no-untyped-def]
            rows = uow.reminders._db.exec_driver_sql("SELECT key, sent_at FROM outbox").all()
            late = []
            for key, sent_at in rows:
                scheduled = datetime.fromisoformat(key.split(":", 2)[2])
                if isinstance(sent_at, str):
                    sent_at = datetime.fromisoformat(sent_at)
                late.append((sent_at.replace(tzinfo=UTC) - scheduled).total_seconds())
            return late

        late = await store.run(lateness)
        assert len(late) == per_second * seconds == len(channel.sent), "not all were sent"
        return late
    finally:
        await store.close()


async def pg_database(admin: str) -> str:
    name = f"pb_bench_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(admin)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return admin.rsplit("/", 1)[0] + "/" + name


async def drop_pg(admin: str, url: str) -> None:
    connection = await asyncpg.connect(admin)
    await connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await connection.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(args: argparse.Namespace) -> None:
    backends: list[str] = [] if args.skip_sqlite else ["sqlite"]
    if not args.skip_postgres:
        backends.append("postgresql")
    for backend in backends:
        urls: list[str] = []
        for _ in range(2):
            if backend == "sqlite":
                urls.append(f"sqlite:///{tempfile.mkdtemp(prefix='pb-bench-')}/bench.db")
            else:
                urls.append(await pg_database(args.postgres))
            await upgrade_schema(urls[-1])
        try:
            elapsed, queued = await burst(urls[0], args.reminders, args.members, args.batch)
            print(
                f"{backend:10s} burst: {queued:,} due reminders claimed and queued in "
                f"{elapsed:.2f} s ({queued / elapsed:,.0f}/s, batch {args.batch})"
            )
            late = await stream(urls[1], args.rate, args.seconds)
            print(
                f"{backend:10s} stream: {len(late):,} reminders at {args.rate}/s for "
                f"{args.seconds} s; lateness until sent p50 {statistics.median(late):.2f} s, "
                f"p99 {pct(late, 0.99):.2f} s, max {max(late):.2f} s"
            )
        finally:
            if backend == "postgresql":
                for url in urls:
                    await drop_pg(args.postgres, url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=500, help="reminders per transaction")
    parser.add_argument("--rate", type=int, default=50, help="stream: reminders per second")
    parser.add_argument("--seconds", type=int, default=30, help="stream: how long")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
