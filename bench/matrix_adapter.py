"""The Matrix adapter + core against a real Synapse on loopback, real clients on both sides.

    python bench/matrix_adapter.py                 # the figures quoted in README.md
    python bench/matrix_adapter.py --help

1. Throughput: members write a burst of commands in their DM rooms at once; messages per
   second the adapter and core handle (through the homeserver, both ways).
2. Latency: members who each wait for the bot's reply before writing again; p50/p99 from
   the member's send to the reply arriving in the member's client — in unencrypted and in
   encrypted DM rooms.
3. Beside a slow one: the same latency for members who write while another member keeps
   writing too and each of that member's answers takes `--slow` seconds in the core (a
   stand-in for a slow export or a slow database): what they wait for the other one.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.contract.matrix_driver import MatrixDriver
from tests.fakes.matrix_clients import MemberClient
from tests.fakes.synapse import Synapse

if TYPE_CHECKING:
    from mautrix.types import RoomID

    from bot.chat.messages import Incoming
    from bot.chat.replies import Answer

MIX = [
    "!log 2u lesson study rekenen gisteren #vakdidactisch",
    "!log webinar formatief evalueren 90 min",
    "!activiteiten",
    "!log 1u lesbezoek bij een collega",
    "!doelen",
]


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def member(
    driver: MatrixDriver, name: str, *, encrypted: bool
) -> tuple[MemberClient, RoomID]:
    client = MemberClient(driver.synapse.url, driver.synapse.register(), encryption=encrypted)
    await client.start()
    room = await client.dm(driver.bot_id, encrypted=encrypted)
    await driver._bot_joined(client, room)
    driver._members[name] = client
    return client, room


async def replied(client: MemberClient, count: int) -> None:
    await client.until(
        lambda: sum(1 for m in client.messages if m.sender != client.client.mxid) >= count
    )


async def latency(
    driver: MatrixDriver, members: int, rounds: int, *, encrypted: bool
) -> list[float]:
    pairs = [
        await member(driver, f"l{encrypted}{members}-{i}", encrypted=encrypted)
        for i in range(members)
    ]
    times: list[float] = []

    async def talk(client: MemberClient, room: RoomID) -> None:
        for n in range(rounds):
            started = time.perf_counter()
            await client.say(room, MIX[n % len(MIX)])
            await asyncio.wait_for(replied(client, n + 1), 60)
            times.append(time.perf_counter() - started)

    await asyncio.gather(*(talk(client, room) for client, room in pairs))
    return times


async def beside_slow(driver: MatrixDriver, members: int, rounds: int, slow: float) -> list[float]:
    busy_client, busy_room = await member(driver, "slow", encrypted=False)
    router = driver.core.router
    answer = router.answer
    busy_id = str(busy_client.client.mxid)

    async def held(incoming: Incoming) -> Answer:
        if incoming.sender.id == busy_id:
            await asyncio.sleep(slow)
        return await answer(incoming)

    done = asyncio.Event()

    async def keep_busy() -> None:
        n = 0
        while not done.is_set():
            await busy_client.say(busy_room, MIX[n % len(MIX)])
            n += 1
            await asyncio.wait_for(replied(busy_client, n), 60)

    setattr(router, "answer", held)  # noqa: B010 - the core's answer, slowed for one member
    busy = asyncio.create_task(keep_busy())
    try:
        return await latency(driver, members, rounds, encrypted=False)
    finally:
        done.set()
        await busy
        setattr(router, "answer", answer)  # noqa: B010


async def throughput(driver: MatrixDriver, members: int, each: int) -> float:
    pairs = [await member(driver, f"t{i}", encrypted=False) for i in range(members)]
    started = time.perf_counter()
    for n in range(each):
        await asyncio.gather(*(client.say(room, MIX[n % len(MIX)]) for client, room in pairs))
    await asyncio.wait_for(asyncio.gather(*(replied(client, each) for client, _ in pairs)), 600)
    return members * each / (time.perf_counter() - started)


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as directory:
        synapse = Synapse.start(Path(directory) / "synapse")
        try:
            driver = await MatrixDriver.open(Path(directory) / "bench.sqlite3", synapse)
            try:
                parts = set(args.parts.split(","))
                if "throughput" in parts:
                    rate = await throughput(driver, args.members, args.each)
                    print(
                        f"throughput: {args.members} members x {args.each} commands: "
                        f"{rate:,.1f} messages/s"
                    )
                for encrypted in (False, True) if "latency" in parts else ():
                    label = "encrypted" if encrypted else "unencrypted"
                    one = await latency(driver, 1, args.rounds, encrypted=encrypted)
                    print(
                        f"latency, 1 member, {label} DM: p50 {percentile(one, 50) * 1000:.0f} ms, "
                        f"p99 {percentile(one, 99) * 1000:.0f} ms ({len(one)} replies)"
                    )
                    many = await latency(driver, args.crowd, 5, encrypted=encrypted)
                    print(
                        f"latency, {args.crowd} members at once, {label} DM: "
                        f"p50 {percentile(many, 50) * 1000:.0f} ms, "
                        f"p99 {percentile(many, 99) * 1000:.0f} ms ({len(many)} replies)"
                    )
                if "beside-slow" in parts:
                    times = await beside_slow(driver, args.beside, 5, args.slow)
                    print(
                        f"latency, {args.beside} members beside one whose answers take "
                        f"{args.slow:.1f} s, unencrypted DM: "
                        f"p50 {percentile(times, 50) * 1000:.0f} ms, "
                        f"p99 {percentile(times, 99) * 1000:.0f} ms ({len(times)} replies)"
                    )
            finally:
                await driver.close()
        finally:
            synapse.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=20, help="throughput: members")
    parser.add_argument("--each", type=int, default=10, help="throughput: commands each")
    parser.add_argument("--rounds", type=int, default=40, help="latency: one member's rounds")
    parser.add_argument("--crowd", type=int, default=20, help="latency: members at once")
    parser.add_argument("--beside", type=int, default=5, help="beside a slow one: members")
    parser.add_argument("--slow", type=float, default=2.0, help="the slow one's seconds")
    parser.add_argument(
        "--parts", default="throughput,latency,beside-slow", help="which measurements"
    )
    asyncio.run(main(parser.parse_args()))
