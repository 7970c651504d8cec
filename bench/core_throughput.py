"""Commands per second and latency through the whole core, in-process, on SQLite.

    python bench/core_throughput.py            # the figures quoted in README.md
    python bench/core_throughput.py --metrics  # with /metrics on, scraped every second
    python bench/core_throughput.py --compare-metrics --skip-large   # the cost of metrics
    python bench/core_throughput.py --help     # sizes, seed, concurrency

A realistic mix (60 % /log, 20 % /activiteiten, 10 % /doel, 10 % /reflectie) from 1,000
members goes through the router, the services, the store and the renderer, exactly as an
adapter would call it. In the same run: a bare sqlite3 insert+commit loop for comparison,
and the p99 again on a large store (100,000 members, 1,000,000 activities).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.bootstrap import bootstrap
from bot.chat.messages import Chat, ChatKind, Incoming, Sender
from bot.settings import Settings
from storage import open_store

PLATFORM = "bench"
LOGS = [
    "/log 2u lesson study rekenen gisteren #vakdidactisch",
    "/log vorige week dinsdag 1,5 uur intervisie met sectie Nederlands #pedagogisch",
    "/log webinar formatief evalueren 90 min",
    "/log read chapter 3 of Hattie, 45 minutes, yesterday",
    "/log 1u lesbezoek bij een collega",
    "/log studiedag passend onderwijs",
]
GOALS = ["/doel Formatief evalueren in mijn lessen voor 1 maart #vakdidactisch", "/doelen"]
LISTS = ["/activiteiten", "/activiteiten dit schooljaar", "/activiteiten intervisie"]
REFLECT = "/reflectie Ik ga vaker met exit tickets werken."


def pick(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(LOGS)
    if roll < 0.8:
        return rng.choice(LISTS)
    if roll < 0.9:
        return rng.choice(GOALS)
    return REFLECT


def message(user: int, text: str, seq: int) -> Incoming:
    chat = Chat(PLATFORM, f"dm-{user}", ChatKind.PRIVATE)
    sender = Sender(PLATFORM, f"u{user}", f"Leraar {user}")
    return Incoming(f"b{seq}", chat, sender, datetime.now(UTC), text=text)


async def run_mix(
    url: str, members: int, commands: int, seed: int, concurrency: int, metrics: bool = False
) -> dict:
    store = await open_store(url)
    async with metrics_endpoint(store, url, metrics) as core:
        return await _mix(core, store, members, commands, seed, concurrency)


@contextlib.asynccontextmanager
async def metrics_endpoint(store, url: str, on: bool):
    """The core; with `on`, Prometheus metrics recorded and /metrics served and scraped
    every second (a Prometheus server scrapes every 15 s or so: this is the worst case)."""
    if not on:
        yield bootstrap(store, Settings(database_url=url))
        return
    import aiohttp

    from adapters.ops.http import OpsServer
    from adapters.ops.metrics import PrometheusMetrics

    metrics = PrometheusMetrics()
    core = bootstrap(store, Settings(database_url=url), metrics=metrics)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = OpsServer(core, metrics, f"127.0.0.1:{port}")
    server.started = True
    await server.start()
    scrapes = 0

    async def scrape() -> None:
        nonlocal scrapes
        async with aiohttp.ClientSession() as session:
            while True:
                await asyncio.sleep(1.0)
                if core.router.metrics is not metrics:
                    continue  # --compare-metrics: a block with metrics off
                async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                    assert response.status == 200
                    await response.read()
                    scrapes += 1

    scraper = asyncio.create_task(scrape())
    try:
        yield core
    finally:
        scraper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await scraper
        await server.stop()
        print(f"  (/metrics scraped {scrapes} times during the run)", file=sys.stderr)


async def _mix(core, store, members: int, commands: int, seed: int, concurrency: int) -> dict:
    rng = random.Random(seed)
    seq = 0
    for user in range(min(members, 1000)):  # warm-up: first contact, not timed
        seq += 1
        await core.router.handle(message(user, "/start", seq))
    work = [(rng.randrange(members), pick(rng)) for _ in range(commands)]
    latencies: list[float] = []
    queue: asyncio.Queue[tuple[int, str, int]] = asyncio.Queue()
    for user, text in work:
        seq += 1
        queue.put_nowait((user, text, seq))

    async def worker() -> None:
        while not queue.empty():
            user, text, number = queue.get_nowait()
            started = time.perf_counter()
            replies = await core.router.handle(message(user, text, number))
            latencies.append(time.perf_counter() - started)
            assert replies, text

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    await store.close()
    latencies.sort()
    return {
        "rate": commands / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def bare_sqlite(path: Path, rows: int = 5000) -> float:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, member INTEGER, title TEXT)")
    began = time.perf_counter()
    for i in range(rows):
        db.execute("INSERT INTO t (member, title) VALUES (?, ?)", (i, "lesson study"))
        db.commit()
    elapsed = time.perf_counter() - began
    db.close()
    return rows / elapsed


async def populate(url: str, members: int, activities: int) -> None:
    """Fill a store fast, through the storage schema, with members who logged before."""
    from sqlalchemy import create_engine, insert

    from storage import models

    store = await open_store(url)  # creates the schema
    await store.close()
    engine = create_engine(url)
    now = datetime.now(UTC)
    per_member = max(activities // members, 1)
    kinds = ["intervision", "course", "reading", "lesson_study", "webinar"]
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
        for start in range(0, members, 10_000):
            ids = range(start + 1, min(start + 10_000, members) + 1)
            conn.execute(
                insert(models.members),
                [
                    {
                        "id": i,
                        "display_name": f"Leraar {i}",
                        "language": "nl",
                        "timezone": "Europe/Amsterdam",
                        "created_at": now,
                        "next_activity_number": per_member + 1,
                        "next_goal_number": 1,
                    }
                    for i in ids
                ],
            )
            conn.execute(
                insert(models.identities),
                [
                    {
                        "platform": PLATFORM,
                        "user_id": f"u{i - 1}",
                        "member_id": i,
                        "created_at": now,
                    }
                    for i in ids
                ],
            )
            conn.execute(
                insert(models.activities),
                [
                    {
                        "member_id": i,
                        "number": n,
                        "date": date(2025, 9, 1) + timedelta(days=n * 3 % 400),
                        "minutes": 60,
                        "kind": kinds[n % 5],
                        "title": f"Activiteit {n}",
                        "competence_areas": ["didactics"],
                        "evidence": None,
                        "goal_number": None,
                        "visibility": "private",
                        "created_at": now,
                    }
                    for i in ids
                    for n in range(1, per_member + 1)
                ],
            )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--concurrency", type=int, default=1, help="commands in flight")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--large-members", type=int, default=100_000)
    parser.add_argument("--large-activities", type=int, default=1_000_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument(
        "--metrics", action="store_true", help="record Prometheus metrics and serve /metrics"
    )
    parser.add_argument(
        "--compare-metrics",
        action="store_true",
        help="the small mix in blocks alternating between metrics off and on",
    )
    parser.add_argument("--block", type=int, default=200, help="commands per block")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.compare_metrics:
            compare_metrics(tmp, args)
            return
        small = asyncio.run(
            run_mix(
                f"sqlite:///{tmp}/small.db",
                args.members,
                args.commands,
                args.seed,
                args.concurrency,
                args.metrics,
            )
        )
        bare = bare_sqlite(Path(tmp) / "bare.db")
        print(
            f"core pipeline, SQLite, {args.commands:,} commands from {args.members:,} members "
            f"(60% /log, 20% /activiteiten, 10% /doel, 10% /reflectie), "
            f"concurrency {args.concurrency}, metrics {'on' if args.metrics else 'off'}"
        )
        print(f"  commands/s      {small['rate']:8.0f}   (target >= 1,000)")
        print(f"  latency p50     {small['p50']:8.2f} ms")
        print(f"  latency p99     {small['p99']:8.2f} ms   (target < 25 ms)")
        print(
            f"  bare sqlite3 insert+commit {bare:8.0f}/s   core/bare = {small['rate'] / bare:.3f}"
        )
        if args.skip_large:
            return
        url = f"sqlite:///{tmp}/large.db"
        began = time.perf_counter()
        asyncio.run(populate(url, args.large_members, args.large_activities))
        filled = time.perf_counter() - began
        large = asyncio.run(
            run_mix(
                url, args.large_members, args.commands, args.seed, args.concurrency, args.metrics
            )
        )
        print(
            f"large store: {args.large_members:,} members, {args.large_activities:,} "
            f"activities (filled in {filled:.0f} s)"
        )
        print(f"  commands/s      {large['rate']:8.0f}")
        print(f"  latency p50     {large['p50']:8.2f} ms")
        print(
            f"  latency p99     {large['p99']:8.2f} ms   = {large['p99'] / small['p99']:.2f}x "
            f"the small store's p99 (target <= 1.5x)"
        )


def compare_metrics(tmp: str, args: argparse.Namespace) -> None:
    asyncio.run(_compare_metrics(f"sqlite:///{tmp}/compare.db", args))


async def _compare_metrics(url: str, args: argparse.Namespace) -> None:
    """One store, one core; blocks of commands alternate between metrics off and on (and
    which comes first), so the load of a shared machine drifting hits both alike. On: the
    Prometheus metrics are recorded and /metrics is scraped every second; off: the core's
    null metrics and no scraping."""
    from bot.metrics import NullMetrics

    store = await open_store(url)
    async with metrics_endpoint(store, url, True) as core:
        prometheus = core.router.metrics
        rng = random.Random(args.seed)
        seq = 0
        for user in range(min(args.members, 1000)):
            seq += 1
            await core.router.handle(message(user, "/start", seq))
        spent = {False: 0.0, True: 0.0}
        cpu = {False: 0.0, True: 0.0}
        done = {False: 0, True: 0}
        block = args.block
        for n in range(args.commands // (2 * block)):
            for on in (n % 2 == 0, n % 2 == 1):
                core.router.metrics = prometheus if on else NullMetrics()
                work = [(rng.randrange(args.members), pick(rng)) for _ in range(block)]
                began, began_cpu = time.perf_counter(), time.process_time()
                for user, text in work:
                    seq += 1
                    assert await core.router.handle(message(user, text, seq)), text
                spent[on] += time.perf_counter() - began
                cpu[on] += time.process_time() - began_cpu
                done[on] += block
    await store.close()
    rate = {on: done[on] / spent[on] for on in (False, True)}
    print(
        f"metrics off vs on: core pipeline, SQLite, {sum(done.values()):,} commands from "
        f"{args.members:,} members in alternating blocks of {block}; on = Prometheus "
        "metrics recorded and /metrics scraped every second"
    )
    per = {on: cpu[on] / done[on] * 1000 for on in (False, True)}
    for on in (False, True):
        print(
            f"  metrics {'on ' if on else 'off'}  {rate[on]:8.0f} commands/s   "
            f"CPU {per[on]:.3f} ms/command (all threads of the process)"
        )
    cost = (rate[False] - rate[True]) / rate[False] * 100
    cpu_cost = (per[True] - per[False]) / per[False] * 100
    print(f"  throughput cost of metrics: {cost:+.1f} %   (target <= 5 %)")
    print(
        f"  CPU cost of metrics:        {cpu_cost:+.1f} %   (the steadier figure on a busy "
        "machine: other processes' load does not count)"
    )


if __name__ == "__main__":
    main()
