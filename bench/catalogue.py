"""The catalogue at scale: import, /cursus lookups and /top through the whole core.

    python bench/catalogue.py                     # SQLite in a temp dir (README figures)
    python bench/catalogue.py --db postgresql://postgres@127.0.0.1/pb_bench
    python bench/catalogue.py --offerings 5000 --reviews 50000   # a quick run

1. `import_catalogue` of a generated CSV with 50,000 offerings (500 providers), in chunks
   of one transaction each, as `portfoliobot catalog import` does (target < 30 s).
2. 500,000 reviews from 10,000 members written straight into the store (setup, not
   measured), then the rating summaries recounted.
3. Through the router, as an adapter calls it: /cursus with misspelt, reordered titles,
   /top and /top TOPIC; latency p50/p95/max per command (target p95 < 50 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, update

from bot.bootstrap import bootstrap
from bot.chat.messages import Chat, ChatKind, Incoming, Sender
from bot.domain.catalogue import PRIOR_MEAN, PRIOR_WEIGHT
from bot.services.catalogue_import import import_catalogue
from bot.settings import Settings
from storage import open_store
from storage.models import members, offerings, reviews

WORDS = (
    "coachend",
    "lesgeven",
    "formatief",
    "evalueren",
    "rekenen",
    "taal",
    "differentiatie",
    "feedback",
    "lesson",
    "study",
    "klassenmanagement",
    "burgerschap",
    "digitale",
    "geletterdheid",
    "mentoraat",
    "executieve",
    "functies",
    "begrijpend",
    "lezen",
    "woordenschat",
    "motivatie",
    "ouderbetrokkenheid",
    "passend",
    "onderwijs",
    "samenwerkend",
    "leren",
    "toetsing",
    "didactiek",
    "pedagogiek",
    "leiderschap",
    "reflectie",
    "onderzoek",
    "wiskunde",
    "natuurkunde",
    "geschiedenis",
    "aardrijkskunde",
    "techniek",
    "kunst",
    "muziek",
    "bewegen",
)
KINDS = ("lerarenopleiding", "huisacademie", "opleidingsschool", "commercieel", "anders")
NOW = datetime.now(UTC)


def title(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(WORDS, 3)).capitalize() + f" {n % 97}"


def catalogue_csv(rng: random.Random, count: int) -> tuple[bytes, list[str]]:
    lines = ["ref;titel;aanbieder;soort_aanbieder;onderwerpen;uren;niveau;url"]
    titles = []
    for n in range(count):
        name = title(rng, n)
        titles.append(name)
        topics = "|".join(rng.sample(WORDS, 2))
        provider = f"Aanbieder {n % 500}"
        lines.append(
            f"B-{n};{name};{provider};{KINDS[n % 5]};{topics};{n % 40},5;po|vo;"
            f"https://voorbeeld.nl/{n}"
        )
    return ("\n".join(lines) + "\n").encode(), titles


def typo(rng: random.Random, text: str) -> str:
    words = text.split()
    rng.shuffle(words)
    mangled = " ".join(words)
    at = rng.randrange(len(mangled))
    return (mangled[:at] + mangled[at + 1 :]).replace("e", "é", 1)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


async def seed_reviews(store, offering_count: int, review_count: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    member_count = max(1, review_count // 50)

    def add_members(uow):  # type: ignore[no-untyped-def]
        db = uow.reviews._db  # the bench may reach past the port for bulk setup
        db.execute(
            members.insert(),
            [
                {
                    "display_name": f"Leraar {m}",
                    "language": "nl",
                    "timezone": "Europe/Amsterdam",
                    "created_at": NOW,
                    "next_activity_number": 1,
                    "next_goal_number": 1,
                }
                for m in range(member_count)
            ],
        )
        return list(db.execute(select(members.c.id)).scalars())

    member_ids = await store.run(add_members)
    ids = await store.run(lambda uow: [i for i, _ in uow.catalogue.titles()])
    per_member = review_count // member_count
    chunk: list[dict[str, object]] = []
    for member_id in member_ids:
        for offering_id in rng.sample(ids, per_member):
            chunk.append(
                {
                    "offering_id": offering_id,
                    "member_id": member_id,
                    "rating": rng.choice((3, 4, 4, 5, 5, 2, 1)),
                    "text": "Nuttig en praktisch.",
                    "anonymous": rng.random() < 0.2,
                    "hidden": False,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
        if len(chunk) >= 20_000:
            rows, chunk = chunk, []
            await store.run(lambda uow, rows=rows: uow.reviews._db.execute(reviews.insert(), rows))
    if chunk:
        await store.run(lambda uow: uow.reviews._db.execute(reviews.insert(), chunk))
    _r, _o = reviews.c, offerings.c
    visible = (_r.offering_id == _o.id) & (_r.hidden.is_(False))
    recount = update(offerings).values(
        rating_count=select(func.count()).where(visible).scalar_subquery(),
        rating_sum=select(func.coalesce(func.sum(_r.rating), 0)).where(visible).scalar_subquery(),
    )
    await store.run(lambda uow: uow.reviews._db.execute(recount))
    score = (PRIOR_MEAN * PRIOR_WEIGHT + _o.rating_sum) / (float(PRIOR_WEIGHT) + _o.rating_count)
    rescore = update(offerings).values(rating_score=score)
    await store.run(lambda uow: uow.reviews._db.execute(rescore))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="store URL (default: SQLite in a temp dir)")
    parser.add_argument("--offerings", type=int, default=50_000)
    parser.add_argument("--reviews", type=int, default=500_000)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/catalogue.db"
        store = await open_store(url)
        data, titles = catalogue_csv(rng, args.offerings)
        started = time.perf_counter()
        result = await import_catalogue(store, "bench.csv", data, NOW)
        took = time.perf_counter() - started
        print(f"store: {url.split(':')[0]}")
        print(
            f"import: {result.added:,} added, {len(result.rejected)} rejected in {took:.1f} s "
            f"({result.added / took:,.0f} rows/s; target < 30 s)"
        )
        started = time.perf_counter()
        again = await import_catalogue(store, "bench.csv", data, NOW)
        print(
            f"re-import (all updates): {again.updated:,} updated in "
            f"{time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        await seed_reviews(store, args.offerings, args.reviews, rng)
        print(f"setup: {args.reviews:,} reviews written in {time.perf_counter() - started:.1f} s")

        core = bootstrap(store, Settings(database_url=url))
        chat = Chat("bench", "group-1", ChatKind.GROUP, "kamer")
        sender = Sender("bench", "u1", "Leraar")
        seq = 0

        async def timed(text: str) -> float:
            nonlocal seq
            seq += 1
            message = Incoming(f"c{seq}", chat, sender, datetime.now(UTC), text=text)
            started = time.perf_counter()
            replies = await core.router.handle(message)
            elapsed = (time.perf_counter() - started) * 1000
            assert replies and "er ging bij mij iets mis" not in replies[0].text.plain
            return elapsed

        started = time.perf_counter()
        await timed("/cursus " + titles[0])  # the first lookup builds the title index
        print(
            f"title index built on first lookup: {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        runs = {
            "/cursus (misspelt, reordered)": [
                f"/cursus {typo(rng, rng.choice(titles))}" for _ in range(args.lookups)
            ],
            "/top": ["/top"] * args.lookups,
            "/top TOPIC": [f"/top {rng.choice(WORDS)}" for _ in range(args.lookups)],
        }
        index = core.router.titles
        sample = [rng.randrange(len(titles)) for _ in range(args.lookups)]

        def quality(uow):  # type: ignore[no-untyped-def]
            hits = 0
            for n in sample:
                found = index.lookup(uow, typo(rng, titles[n]))
                shown = [found.found] if found.found else list(found.candidates)
                hits += any(offering.ref == f"B-{n}" for offering in shown)
            return hits

        hits = await store.run(quality)
        print(
            f"/cursus finds the misspelt, reordered title (alone or among the choices): "
            f"{hits}/{len(sample)}"
        )
        for name, texts in runs.items():
            times = [await timed(text) for text in texts]
            print(
                f"{name}: p50 {statistics.median(times):.1f} ms, "
                f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms "
                f"(n={len(times)}; target p95 < 50 ms)"
            )
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
