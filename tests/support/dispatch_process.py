"""A reminder dispatcher as a process of its own, for the crash and two-process tests.

    python -m tests.support.dispatch_process URL [--batch N] [--pause SECONDS]

Runs batches until nothing is due, then prints ``DONE <queued>`` and exits. `--pause`
sleeps inside each batch's transaction after printing ``IN BATCH <n>``, so
that a kill -9 right after that line lands mid-batch."""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import datetime

from bot.clock import SystemClock
from bot.delivery.reminders import (
    DispatchCounts,
    DispatchSettings,
    ReminderDispatcher,
)
from bot.i18n import Translator
from bot.services.ports import UnitOfWork
from storage import open_store


class SlowDispatcher(ReminderDispatcher):
    pause: float = 0.0

    def fire_batch(self, uow: UnitOfWork, now: datetime) -> DispatchCounts:
        counts = super().fire_batch(uow, now)
        if counts.claimed and self.pause:
            print(f"IN BATCH {counts.queued}", flush=True)
            time.sleep(self.pause)  # still inside the transaction: a kill now loses it
        return counts


async def main(url: str, batch: int, pause: float) -> None:
    store = await open_store(url)
    try:
        dispatcher = SlowDispatcher(
            store, SystemClock(), Translator.load(), DispatchSettings(batch=batch)
        )
        dispatcher.pause = pause
        print("STARTED", flush=True)
        while True:
            run = await dispatcher.dispatch_due()
            if run.claimed == 0:
                break
        print(f"DONE {dispatcher.totals.queued}", flush=True)
    finally:
        await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args()
    asyncio.run(main(args.url, args.batch, args.pause))
