"""The Discord adapter + core against the loopback Discord (tests/fakes), real discord.py.

    python bench/discord_adapter.py                 # the figures quoted in README.md
    python bench/discord_adapter.py --help

1. Throughput: 50 members in one guild channel using slash commands back to back, all at
   once (each waits for its answer); interactions answered per second, and how many were
   answered late (Discord drops an interaction unanswered after 3 s).
2. Latency: from INTERACTION_CREATE leaving the fake to the interaction callback arriving
   there, p50/p99, with one member and with 20 members using commands at once (each waits
   for its answer before the next command).
3. Shaping: 1,000 reminder DMs to 1,000 members through the outbox, against a fake that
   enforces Discord's global limit (50 requests/s) and its per-channel message limit
   (5 per 5 s); the time taken and the number of 429s.
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

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.config import DiscordConfig
from adapters.discord.sending import DISCORD_LIMITS
from bot.bootstrap import Core, bootstrap
from bot.chat import wire
from bot.chat.messages import Outgoing, Span, Text
from bot.delivery.outbox import DeliverySettings
from bot.delivery.shaping import Limits
from bot.services.ports import NewMember
from bot.services.private_messages import PrivateMessage, queue_private_many
from bot.settings import Settings
from storage import open_store
from tests.fakes.discord_api import DiscordApiServer
from tests.fakes.discord_messages import RateLimit

# (command, typed options) as members use them in a guild channel.
MIX: list[tuple[str, dict[str, object]]] = [
    ("log", {"wat": "lesson study rekenen gisteren #vakdidactisch", "uren": 2.0}),
    ("log", {"wat": "webinar formatief evalueren", "uren": 1.5}),
    ("activiteiten", {}),
    ("log", {"wat": "lesbezoek bij een collega", "uren": 1.0, "zichtbaarheid": "community"}),
    ("doelen", {}),
]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def open_core(directory: Path) -> Core:
    os.makedirs(directory, exist_ok=True)
    db = directory / "bench.sqlite3"
    store = await open_store(f"sqlite:///{db}")
    return bootstrap(store, Settings(database_url=f"sqlite:///{db}", data_dir=directory))


def adapter_for(core: Core, api: DiscordApiServer, limits: Limits, state: Path) -> DiscordAdapter:
    config = DiscordConfig(
        token=api.token,  # type: ignore[arg-type]
        api_url=api.rest_url,
        gateway_url=api.gateway_url,
        guild_ready_timeout=0.05,
    )
    return DiscordAdapter(
        core, config, state, limits=limits, delivery=DeliverySettings(idle_poll_seconds=0.2)
    )


async def throughput(directory: Path, members: int, per_member: int) -> None:
    """Members using commands back to back, all at once: the rate the adapter and the core
    sustain with every interaction answered in time."""
    core = await open_core(directory / "throughput")
    async with DiscordApiServer.running() as api:
        adapter = adapter_for(core, api, Limits.unlimited(), directory / "throughput")
        await adapter.start()
        guild = await api.create_guild("Bench")
        channel = api.text_channel(guild)
        people = [api.create_user(f"Leraar{n}") for n in range(members)]
        for person in people:
            api.join(guild, person)
        late = 0

        async def member(index: int) -> None:
            nonlocal late
            for n in range(per_member):
                name, options = MIX[(index + n) % len(MIX)]
                who = people[index]
                command = await api.run_command(who, name, options, channel=channel)
                done = await api.completed(command, 30)
                late += done.response_type is None

        try:
            total = members * per_member
            started = time.perf_counter()
            await asyncio.gather(*(member(i) for i in range(members)))
            elapsed = time.perf_counter() - started
        finally:
            await adapter.stop()
    await core.store.close()
    print(
        f"throughput: {total:,} slash commands from {members:,} members using commands at "
        f"once, in {elapsed:.1f} s = {total / elapsed:,.0f} interactions/s (adapter + core "
        f"+ loopback, no limiter); answered late or not at all: {late}"
    )


async def latency(directory: Path, members: int, commands: int) -> None:
    core = await open_core(directory / f"latency{members}")
    async with DiscordApiServer.running() as api:
        adapter = adapter_for(core, api, Limits.unlimited(), directory / f"latency{members}")
        await adapter.start()
        guild = await api.create_guild("Bench")
        channel = api.text_channel(guild)
        people = [api.create_user(f"Leraar{n}") for n in range(members)]
        for person in people:
            api.join(guild, person)
        samples: list[float] = []

        async def member(index: int) -> None:
            for n in range(commands):
                name, options = MIX[(index + n) % len(MIX)]
                done = await api.answered(
                    await api.run_command(people[index], name, options, channel=channel),
                    30,
                )
                assert done.answered_at is not None
                samples.append((done.answered_at - done.dispatched_at) * 1000)

        try:
            started = time.perf_counter()
            await asyncio.gather(*(member(i) for i in range(members)))
            elapsed = time.perf_counter() - started
            # The last answers' followups, before the adapter stops (not measured).
            await api.wait_until(
                lambda: adapter.handled >= members * commands, 60, "every turn to end"
            )
        finally:
            await adapter.stop()
    await core.store.close()
    print(
        f"latency, {members} member{'s' if members > 1 else ''} at once: {len(samples):,} "
        f"interactions ({len(samples) / elapsed:,.0f}/s): p50 {statistics.median(samples):.1f}"
        f" ms, p99 {percentile(samples, 99):.1f} ms (INTERACTION_CREATE -> callback)"
    )


async def shaping(directory: Path, count: int) -> None:
    core = await open_core(directory / "shaping")
    async with DiscordApiServer.running() as api:
        api.rest.global_limit = RateLimit(50, 1.0)
        api.rest.buckets["/channels/{channel}/messages"] = (5, 5.0)
        adapter = adapter_for(core, api, DISCORD_LIMITS, directory / "shaping")
        people = [api.create_user(f"Leraar{n}") for n in range(count)]
        now = datetime.now(UTC)
        payload = wire.dump(Outgoing(Text((Span("⏰ Herinnering: schrijf je reflectie."),))))

        def fill(uow: object) -> None:
            messages = []
            for person in people:
                new = NewMember(person.username, "nl", "Europe/Amsterdam", now)
                member = uow.members.create_with_identity("discord", str(person.id), new)  # type: ignore[attr-defined]
                key, user_id = f"bench:{person.id}", str(person.id)
                messages.append(
                    PrivateMessage(member.id, key, payload, platform="discord", user_id=user_id)
                )
            queue_private_many(uow, messages, now)  # type: ignore[arg-type]

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
        delivered = sum(1 for person in people if api.dms_of(person))
    await core.store.close()
    print(
        f"shaping: {delivered:,} of {count:,} reminder DMs to {count:,} members in "
        f"{elapsed:.1f} s = {delivered / elapsed:.1f} DMs/s ({2 * delivered:,} requests: "
        f"open DM + send); 429s from the fake: {api.rest.rate_limited}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--per-member", type=int, default=20)
    parser.add_argument("--latency-commands", type=int, default=50)
    parser.add_argument("--shaping", type=int, default=1000, help="0 skips the shaping run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        await throughput(Path(directory), args.members, args.per_member)
        await latency(Path(directory), 1, args.latency_commands * 4)
        await latency(Path(directory), 20, args.latency_commands)
        if args.shaping:
            await shaping(Path(directory), args.shaping)


if __name__ == "__main__":
    asyncio.run(main())
