"""The one place that owns timers. Timing state lives in the store; jobs only look at it."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.services.ports import Store, UnitOfWork

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, store: Store, clock: Clock, *, inbox_retention_days: int) -> None:
        self._store = store
        self._clock = clock
        self._retention = timedelta(days=inbox_retention_days)
        self._scheduler: AsyncIOScheduler | None = None

    async def housekeeping(self) -> tuple[int, int]:
        """Forget expired questions and message ids older than the retention period."""
        now = self._clock.now()

        def work(uow: UnitOfWork) -> tuple[int, int]:
            return uow.flows.purge_expired(now), uow.inbox.purge_before(now - self._retention)

        flows, ids = await self._store.run(work)
        log.info("housekeeping: %d expired questions, %d old message ids", flows, ids)
        return flows, ids

    def start(self) -> None:
        """Start the jobs; needs a running event loop."""
        scheduler = AsyncIOScheduler(timezone="UTC")
        scheduler.add_job(
            self.housekeeping,
            "interval",
            minutes=15,
            id="housekeeping",
            coalesce=True,
            max_instances=1,
            next_run_time=self._clock.now(),
        )
        scheduler.start()
        self._scheduler = scheduler

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
