"""Expertise search at scale: /zoek over 50,000 generated profiles, through the whole core.

    python bench/search.py --postgres postgresql://postgres@127.0.0.1/postgres --runs 2
                                                 # the figures quoted in README.md: SQLite
                                                 # in a temp dir and PostgreSQL in a
                                                 # throw-away database on that server, twice
    python bench/search.py                       # SQLite only
    python bench/search.py --profiles 5000       # a quick run

1. Setup (not measured): members with a platform identity, profiles with realistic Dutch
   expertise, subjects and tags (70 % shared publicly, 20 % with their groups, 10 %
   private), and groups of 30 members.
2. Index build: every member's terms expanded in Python and written, through the real
   service (bot.services.search.reindex_members), 500 members per transaction.
3. /zoek through the router as an adapter calls it, from random members, with compounds,
   plurals, missing diacritics and typos: latency p50/p95/max (target p95 < 50 ms). Beside
   it, for reading the figures on a busy machine: the search alone (the service in one
   transaction, no router) and /doelen through the router (what any command costs there).
4. Store size.

Each run prints its figures and the machine's load average (the benches share machines);
a table of every run closes the output. Per question, the slowest median is named.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core_throughput import PLATFORM, message

from bot.bootstrap import bootstrap
from bot.services.search import FindMembers, find_members, reindex_members
from bot.settings import Settings
from storage import open_store
from storage.models import communities, community_members, identities, members, profile_fields

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
GROUP_SIZE = 30
CHUNK = 500

EXPERTISE = [
    "curriculumontwikkeling maatschappijvakken",
    "formatief evalueren",
    "formatieve evaluatie in de bovenbouw",
    "lesson study rekenen",
    "coöperatief leren",
    "begrijpend lezen",
    "taalbeleid",
    "differentiatie in de klas",
    "digitale geletterdheid",
    "passend onderwijs en zorgleerlingen",
    "leerlingbegeleiding en mentoraat",
    "ouderbetrokkenheid",
    "executieve functies",
    "toetsontwikkeling",
    "onderzoekend leren in de natuurkunde",
    "burgerschapsonderwijs",
    "gepersonaliseerd leren met ict",
    "klassenmanagement",
    "feedback geven aan leerlingen",
    "intervisie en collegiale consultatie",
    "beroepsonderwijs en stages",
    "loopbaanoriëntatie",
    "rekendidactiek",
    "spellingonderwijs",
    "nieuwkomers en NT2",
    "hoogbegaafdheid",
    "schoolleiderschap",
    "kwaliteitszorg",
    "projectonderwijs",
    "wereldoriëntatie",
]
SUBJECTS = [
    "aardrijkskunde",
    "geschiedenis",
    "economie",
    "wiskunde",
    "rekenen",
    "Nederlands",
    "Engels",
    "Duits",
    "Frans",
    "biologie",
    "scheikunde",
    "natuurkunde",
    "informatica",
    "maatschappijleer",
    "lichamelijke opvoeding",
    "muziek",
    "beeldende vorming",
]
TAGS = ["ict", "vve", "nt2", "stage", "mentor", "zorg", "toetsing", "leesmotivatie", "coaching"]
QUERIES = [
    "curriculumontwikkeling maatschappijvakken",
    "wie weet iets van formatief evalueren",
    "lesson study rekenen",
    "cooperatief leren",
    "toets",
    "ontwikkeling",
    "diferentiatie",
    "digitale geletterdhied",
    "begrijpend lezen groep 5",
    "mentoraat",
    "ouders",
    "natuurkunde onderzoekend leren",
    "executieve functies",
    "loopbaanorientatie",
    "nieuwkomers",
    "feedback",
]


def profile_rows(rng: random.Random, member_id: int) -> list[dict[str, object]]:
    roll = rng.random()
    shared = "public" if roll < 0.7 else "community" if roll < 0.9 else "private"
    values = {
        "school": f"School {rng.randrange(2000)}",
        "sector": rng.choice(["po", "vo", "mbo", "ho", "vo, mbo"]),
        "subjects": ", ".join(rng.sample(SUBJECTS, rng.randint(1, 3))),
        "expertise": ", ".join(rng.sample(EXPERTISE, rng.randint(1, 3))),
        "tags": ", ".join(rng.sample(TAGS, rng.randint(0, 3))) or "ict",
    }
    return [
        {
            "member_id": member_id,
            "field": field,
            "value": value,
            "visibility": shared if field in ("subjects", "expertise", "tags") else "private",
            "updated_at": NOW,
        }
        for field, value in values.items()
    ]


async def setup(store, count: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    def write(uow):  # type: ignore[no-untyped-def]
        db = uow.profiles._db  # the bench may reach past the port for bulk setup
        db.execute(
            members.insert(),
            [
                {
                    "id": m,
                    "display_name": f"Leraar {m}",
                    "language": "nl",
                    "timezone": "Europe/Amsterdam",
                    "created_at": NOW,
                    "next_activity_number": 1,
                    "next_goal_number": 1,
                }
                for m in range(1, count + 1)
            ],
        )
        db.execute(
            identities.insert(),
            [
                {"platform": PLATFORM, "user_id": f"u{m}", "member_id": m, "created_at": NOW}
                for m in range(1, count + 1)
            ],
        )
        groups = (count + GROUP_SIZE - 1) // GROUP_SIZE
        db.execute(
            communities.insert(),
            [
                {
                    "id": g,
                    "platform": PLATFORM,
                    "chat_id": f"g{g}",
                    "title": f"Kamer {g}",
                    "created_at": NOW,
                }
                for g in range(1, groups + 1)
            ],
        )
        db.execute(
            community_members.insert(),
            [
                {
                    "community_id": (m - 1) // GROUP_SIZE + 1,
                    "member_id": m,
                    "is_moderator": False,
                    "joined_at": NOW,
                }
                for m in range(1, count + 1)
            ],
        )
        db.execute(
            profile_fields.insert(),
            [row for m in range(1, count + 1) for row in profile_rows(rng, m)],
        )

    await store.run(write)


async def build_index(store, count: int) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for first in range(1, count + 1, CHUNK):
        ids = range(first, min(first + CHUNK, count + 1))

        def index(uow, ids=ids):  # type: ignore[no-untyped-def]
            reindex_members(uow, list(ids))

        await store.run(index)
    return time.perf_counter() - started


async def analyse(url: str) -> float:
    """Statistics after the bulk load, as autovacuum would gather them, of every table the
    setup and the build wrote (the search reads the groups too; PostgreSQL also needs the
    visibility map for index-only scans); counted in the build time."""
    started = time.perf_counter()
    if url.startswith("postgresql"):
        import asyncpg

        connection = await asyncpg.connect(url)
        await connection.execute("VACUUM ANALYZE")
        await connection.close()
    else:
        import sqlite3

        with sqlite3.connect(url.split("///", 1)[1]) as connection:
            connection.execute("ANALYZE")
    return time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def size_of(store, url: str) -> int:  # type: ignore[no-untyped-def]
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        files = (path, path.with_name(path.name + "-wal"))
        return sum(f.stat().st_size for f in files if f.exists())
    from sqlalchemy import text

    def size(uow):  # type: ignore[no-untyped-def]
        return uow.profiles._db.execute(
            text("SELECT pg_database_size(current_database())")
        ).scalar()

    return int(await store.run(size))


@dataclass
class Figures:
    store: str
    build_s: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    size_mb: float
    load: str  # 1, 5 and 15 minute load averages before and after the run
    slowest: str
    search_p50_ms: float
    search_p95_ms: float
    any_p50_ms: float
    any_p95_ms: float


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


async def run(url: str, count: int, lookups: int, seed: int) -> Figures:
    rng = random.Random(seed)
    load_before = load_average()
    store = await open_store(url)
    started = time.perf_counter()
    await setup(store, count, rng)
    kind = url.split(":")[0]
    print(f"store: {kind} (load average {load_before})")
    print(f"  setup: {count:,} profiles written in {time.perf_counter() - started:.1f} s")
    took = await build_index(store, count)
    took += await analyse(url)
    print(f"  index build: {count:,} profiles in {took:.1f} s ({count / took:,.0f} profiles/s)")
    core = bootstrap(store, Settings(database_url=url))
    latencies: list[float] = []
    per_question: dict[str, list[float]] = {}
    results = 0
    for seq in range(lookups):
        asker = rng.randint(1, count)
        question = QUERIES[seq % len(QUERIES)]
        began = time.perf_counter()
        outcome = await core.router.handle(message(asker, "/zoek " + question, seq))
        took_ms = (time.perf_counter() - began) * 1000
        latencies.append(took_ms)
        per_question.setdefault(question, []).append(took_ms)
        results += any("\n1. " in reply.text.plain for reply in outcome)
    slow, times = max(per_question.items(), key=lambda item: statistics.median(item[1]))
    alone: list[float] = []
    for seq in range(lookups):
        command = FindMembers(rng.randint(1, count), QUERIES[seq % len(QUERIES)])

        def search(uow, command=command):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            find_members(command, uow)
            return (time.perf_counter() - began) * 1000

        alone.append(await store.run(search))
    baseline: list[float] = []
    for seq in range(lookups // 4):
        began = time.perf_counter()
        await core.router.handle(message(rng.randint(1, count), "/doelen", lookups + seq))
        baseline.append((time.perf_counter() - began) * 1000)
    figures = Figures(
        kind,
        took,
        statistics.median(latencies),
        percentile(latencies, 95),
        max(latencies),
        await size_of(store, url) / 1e6,
        f"{load_before} -> {load_average()}",
        f"{slow!r} (median {statistics.median(times):.1f} ms)",
        statistics.median(alone),
        percentile(alone, 95),
        statistics.median(baseline),
        percentile(baseline, 95),
    )
    print(
        f"  /zoek: {lookups} queries ({results} with results), p50 {figures.p50_ms:.1f} ms, "
        f"p95 {figures.p95_ms:.1f} ms, max {figures.max_ms:.1f} ms (target p95 < 50 ms)"
    )
    print(f"  slowest question: {figures.slowest}")
    print(
        f"  the search alone (service, one transaction): p50 {figures.search_p50_ms:.1f} ms, "
        f"p95 {figures.search_p95_ms:.1f} ms"
    )
    print(
        f"  any command (/doelen through the router, {len(baseline)} times): "
        f"p50 {figures.any_p50_ms:.1f} ms, p95 {figures.any_p95_ms:.1f} ms"
    )
    print(f"  store size: {figures.size_mb:.1f} MB")
    await store.close()
    return figures


async def run_postgres(admin_url: str, count: int, lookups: int, seed: int) -> Figures:
    import asyncpg

    name = f"profiles_bench_{secrets.token_hex(4)}"
    admin = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(admin)
    await connection.execute(f'CREATE DATABASE "{name}"')
    try:
        return await run(admin.rsplit("/", 1)[0] + f"/{name}", count, lookups, seed)
    finally:
        await connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await connection.close()


def summary(all_figures: list[Figures], count: int) -> None:
    print(f"\nsummary: /zoek over {count:,} profiles (target p95 < 50 ms)")
    print(
        f"  {'run':>3} {'store':<10} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
        f"{'build s':>8} {'size MB':>8} {'search p95':>10} {'/doelen p95':>11}  "
        "load average (1 5 15 min) before -> after"
    )
    for n, f in enumerate(all_figures, 1):
        print(
            f"  {n:>3} {f.store:<10} {f.p50_ms:>7.1f} {f.p95_ms:>7.1f} {f.max_ms:>7.1f} "
            f"{f.build_s:>8.1f} {f.size_mb:>8.1f} {f.search_p95_ms:>10.1f} "
            f"{f.any_p95_ms:>11.1f}  {f.load}"
        )
    print(
        "  p50/p95/max: /zoek through the router; search p95: the search service alone; "
        "/doelen p95: any command through the router on the same store"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server (also bench it)")
    parser.add_argument("--profiles", type=int, default=50_000)
    parser.add_argument("--lookups", type=int, default=400)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole bench")
    args = parser.parse_args()
    figures: list[Figures] = []
    for _ in range(args.runs):
        if not args.skip_sqlite:
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{tmp}/search.db"
                figures.append(await run(url, args.profiles, args.lookups, args.seed))
        if args.postgres:
            figures.append(
                await run_postgres(args.postgres, args.profiles, args.lookups, args.seed)
            )
    summary(figures, args.profiles)


if __name__ == "__main__":
    asyncio.run(main())
