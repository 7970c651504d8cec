"""The Telegram adapter + core (real PTB, SQLite) against a loopback Bot API that fails a
share of calls the way Telegram does (tests/fakes/telegram_faults.py).

    python bench/faults.py                  # 0 %, 10 % and 50 %: the figures in README.md
    python bench/faults.py --members 50 --messages 3 --rates 0.5

For each share of faults: every member writes `--messages` times in their private chat,
each time waiting for the reply (at most `--patience` seconds) before writing again. Sends
fail at the given share (429 with retry_after, 500, 502, answers later than the adapter
waits for them although applied); polls fail at `--poll-share` of it (the same, or
hanging; 0 by default, since a failing poll delays every member alike). Then the faults
stop. Printed:

- p50/p99 from a member's message to its reply, for members whose sends were never
  faulted (and, for comparison, for everyone);
- how long after the faults stopped every owed reply had arrived.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from storage import upgrade_schema
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_faults import FaultPlan
from tests.faults.world import ADAPTER_CONFIG, HANG_SECONDS, SLOW_SECONDS, Member, World, world


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def run(
    rate: float, members: int, messages: int, patience: float, seed: int, poll_share: float
) -> None:
    directory = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    url = f"sqlite:///{directory / 'bench.sqlite3'}"
    await upgrade_schema(url)
    async with TelegramApiServer.running() as api, world(api, url, directory) as w:
        people = w.add_members(members)
        plan = FaultPlan(
            rate=rate,
            seed=seed,
            poll_rate=rate * poll_share,
            slow_seconds=SLOW_SECONDS,
            hang_seconds=HANG_SECONDS,
        )
        faults = w.inject(plan)
        started = time.perf_counter()

        async def member(person: Member) -> None:
            for n in range(messages):
                with_reply = f"#{n + 1} "
                begun = time.perf_counter()
                api.user_sends(person.user, None, f"/log {n + 1}u intervisie {person.tag}")
                try:
                    await w.arrives(person, with_reply, timeout=patience)
                except AssertionError:
                    continue  # owed: counted after the faults stop
                person.waits.append(time.perf_counter() - begun)

        await asyncio.gather(*(member(p) for p in people))
        faults.stop()
        stopped = time.perf_counter()
        await api.wait_until(
            lambda: all(owed(w, p, messages) == 0 for p in people), 600, "every owed reply"
        )
        drained = time.perf_counter() - stopped
        elapsed = stopped - started
    report(w, people, rate, messages, elapsed, drained)


def owed(w: World, person: Member, messages: int) -> int:
    return sum(1 for n in range(messages) if not w.has(person, f"#{n + 1} "))


def report(
    w: World, people: list[Member], rate: float, messages: int, elapsed: float, drained: float
) -> None:
    faults = w.faults
    assert faults is not None
    faulted = faults.faulted_chats()
    clean = [wait for p in people if p.user.id not in faulted for wait in p.waits]
    everyone = [wait for p in people for wait in p.waits]
    late = sum(messages - len(p.waits) for p in people)
    kinds = ", ".join(f"{k} {faults.count(k)}" for k in ("429", "500", "502", "slow", "hang"))
    print(f"--- {rate:.0%} faults: {len(people)} members x {messages} messages, {elapsed:.1f} s")
    print(f"    faults injected: {faults.count()} ({kinds}); replies kept: {w.replies_kept()}")
    clean_members = len(people) - len({p.user.id for p in people} & faulted)
    print(
        f"    members never faulted: {clean_members}; message -> reply "
        f"p50 {percentile(clean, 50) * 1000:.0f} ms, p99 {percentile(clean, 99) * 1000:.0f} ms "
        f"({len(clean)} replies)"
    )
    print(
        f"    everyone (answered in time): p50 {percentile(everyone, 50) * 1000:.0f} ms, "
        f"p99 {percentile(everyone, 99) * 1000:.0f} ms; not in time: {late}"
    )
    print(f"    after the faults stopped, every owed reply arrived within {drained:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--messages", type=int, default=3)
    parser.add_argument("--rates", type=float, nargs="+", default=[0.0, 0.1, 0.5])
    parser.add_argument("--patience", type=float, default=10.0, help="seconds a member waits")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--poll-share", type=float, default=0.0, help="poll faults as a share of the rate"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the adapter's warnings about each fault
    config = ", ".join(f"{k}={v}" for k, v in ADAPTER_CONFIG.items())
    print(f"adapter: {config}; no send limits")
    print(f"faults: slow answers after {SLOW_SECONDS} s, hung polls {HANG_SECONDS} s")
    for rate in args.rates:
        asyncio.run(
            run(rate, args.members, args.messages, args.patience, args.seed, args.poll_share)
        )


if __name__ == "__main__":
    main()
