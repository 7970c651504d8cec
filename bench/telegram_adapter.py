"""The Telegram adapter + core against the loopback Bot API (tests/fakes), real PTB.

    python bench/telegram_adapter.py                 # the figures quoted in README.md
    python bench/telegram_adapter.py --help

1. Throughput: a backlog of updates from many private chats (no rate limiter), drained
   by the adapter's own getUpdates loop; updates per second.
2. Latency: members who each wait for the bot's reply before writing again; p50/p99 from
   the update being queued at the Bot API to the reply arriving there.
3. Shaping: 1,000 private messages to 1,000 members through the outbox, against a fake
   that enforces Telegram's flood limits (429s); rate and the number of 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.config import TelegramConfig
from adapters.telegram.pacing import TELEGRAM_LIMITS
from bot.bootstrap import Core, bootstrap
from bot.chat.messages import Outgoing, Span, Text
from bot.delivery.outbox import DeliverySettings, queue_private
from bot.delivery.shaping import Limits
from bot.services.ports import NewMember
from bot.settings import Settings
from storage import open_store
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_model import RateLimits

MIX = [
    "/log 2u lesson study rekenen gisteren #vakdidactisch",
    "/log webinar formatief evalueren 90 min",
    "/activiteiten",
    "/log 1u lesbezoek bij een collega",
    "/doelen",
]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def open_core(directory: Path) -> Core:
    os.makedirs(directory, exist_ok=True)
    db = directory / "bench.sqlite3"
    store = await open_store(f"sqlite:///{db}")
    return bootstrap(store, Settings(database_url=f"sqlite:///{db}", data_dir=directory))


def adapter_for(core: Core, api: TelegramApiServer, limits: Limits) -> TelegramAdapter:
    config = TelegramConfig(
        token=api.token,  # type: ignore[arg-type]
        api_url=api.base_url.removesuffix("/bot"),
        poll_timeout=1,
    )
    return TelegramAdapter(
        core, config, limits=limits, delivery=DeliverySettings(idle_poll_seconds=0.2)
    )


async def throughput(directory: Path, users: int, per_user: int) -> None:
    core = await open_core(directory / "throughput")
    async with TelegramApiServer.running() as api:
        adapter = adapter_for(core, api, Limits.unlimited())
        people = [api.create_user(f"Leraar{n}") for n in range(users)]
        await adapter.start()
        try:
            total = users * per_user
            started = time.perf_counter()
            for round_ in range(per_user):
                for person in people:
                    api.user_sends(person, None, MIX[round_ % len(MIX)])
            await api.wait_until(lambda: adapter.handled >= total, timeout=600, what="drain")
            elapsed = time.perf_counter() - started
        finally:
            await adapter.stop()
    await core.store.close()
    print(
        f"throughput: {total:,} updates from {users:,} private chats in {elapsed:.1f} s "
        f"= {total / elapsed:,.0f} updates/s (adapter + core + loopback HTTP, no limiter)"
    )


async def latency(directory: Path, users: int, messages: int) -> None:
    core = await open_core(directory / "latency")
    async with TelegramApiServer.running() as api:
        adapter = adapter_for(core, api, Limits.unlimited())
        people = [api.create_user(f"Leraar{n}") for n in range(users)]
        await adapter.start()
        samples: list[float] = []

        async def member(index: int) -> None:
            person = people[index]
            for n in range(messages):
                before = len(api.sent(person))
                started = time.perf_counter()
                api.user_sends(person, None, MIX[(index + n) % len(MIX)])
                await api.wait_until(
                    lambda before=before: len(api.sent(person)) > before, timeout=30
                )
                samples.append((time.perf_counter() - started) * 1000)

        try:
            started = time.perf_counter()
            await asyncio.gather(*(member(i) for i in range(users)))
            elapsed = time.perf_counter() - started
        finally:
            await adapter.stop()
    await core.store.close()
    print(
        f"latency: {len(samples):,} round trips, {users} members writing at once "
        f"({len(samples) / elapsed:,.0f}/s): p50 {statistics.median(samples):.1f} ms, "
        f"p99 {percentile(samples, 99):.1f} ms (update queued -> reply at the Bot API)"
    )


async def shaping(directory: Path, count: int) -> None:
    core = await open_core(directory / "shaping")
    async with TelegramApiServer.running() as api:
        limits = api.enforce_rate_limits(RateLimits())
        adapter = adapter_for(core, api, TELEGRAM_LIMITS)
        people = [api.create_user(f"Leraar{n}") for n in range(count)]
        now = datetime.now(UTC)
        message = Outgoing(Text((Span("Herinnering: schrijf je reflectie voor vandaag."),)))

        def fill(uow: object) -> None:
            for person in people:
                new = NewMember(person.first_name, "nl", "Europe/Amsterdam", now)
                uow.members.create_with_identity("telegram", str(person.id), new)  # type: ignore[attr-defined]
                queue_private(
                    uow,  # type: ignore[arg-type]
                    "telegram",
                    str(person.id),
                    [message],
                    key=f"bench:{person.id}",
                    now=now,
                )

        await core.store.run(fill)
        started = time.perf_counter()
        await adapter.start()
        try:
            await api.wait_until(
                lambda: adapter.deliverer.sent >= count, timeout=count, what="all delivered"
            )
            elapsed = time.perf_counter() - started
        finally:
            await adapter.stop()
        delivered = sum(1 for person in people if api.sent(person))
    await core.store.close()
    print(
        f"shaping: {delivered:,} of {count:,} private messages to {count:,} chats in "
        f"{elapsed:.1f} s = {delivered / elapsed:.1f} msg/s; 429s from the fake: "
        f"{limits.rejected}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--per-user", type=int, default=10)
    parser.add_argument("--latency-users", type=int, default=20)
    parser.add_argument("--latency-messages", type=int, default=50)
    parser.add_argument("--shaping", type=int, default=1000, help="0 skips the shaping run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        await throughput(Path(directory), args.users, args.per_user)
        await latency(Path(directory), args.latency_users, args.latency_messages)
        if args.shaping:
            await shaping(Path(directory), args.shaping)


if __name__ == "__main__":
    asyncio.run(main())
