"""The one place that owns timers. Timing state lives in the store; jobs only look at it."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.chat.drafts import keep_expired

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from bot.clock import Clock
    from bot.services.ports import Store, UnitOfWork

log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 10


class Scheduler:
    def __init__(self, store: Store, clock: Clock, *, inbox_retention_days: int) -> None:
        self._store = store
        self._clock = clock
        self._retention = timedelta(days=inbox_retention_days)
        self._scheduler: AsyncIOScheduler | None = None
        self._running: set[asyncio.Task[object]] = set()
        self._every: list[tuple[str, float, Callable[[], Awaitable[object]]]] = []

    def every(self, job_id: str, seconds: float, job: Callable[[], Awaitable[object]]) -> None:
        """Run `job` every `seconds` once started (at most one run at a time)."""
        self._every.append((job_id, seconds, job))

    async def _job(self, job: Callable[[], Awaitable[object]]) -> None:
        """Run a job so that stop() can wait for it instead of cancelling it mid-transaction."""
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            await job()
        except Exception:
            log.exception("scheduled job failed; it runs again at its next time")
        finally:
            self._running.discard(task)

    async def housekeeping(self) -> tuple[int, int]:
        """Forget expired questions and message ids older than the retention period."""
        now = self._clock.now()

        def work(uow: UnitOfWork) -> tuple[int, int]:
            keep_expired(uow, now)  # an unanswered question is kept as a draft
            return uow.flows.purge_expired(now), uow.inbox.purge_before(now - self._retention)

        flows, ids = await self._store.run(work)
        log.info("housekeeping: %d expired questions, %d old message ids", flows, ids)
        return flows, ids

    def start(self) -> None:
        """Start the jobs; needs a running event loop."""
        scheduler = AsyncIOScheduler(timezone="UTC")
        scheduler.add_job(
            self._job,
            "interval",
            args=[self.housekeeping],
            minutes=15,
            id="housekeeping",
            coalesce=True,
            max_instances=1,
            next_run_time=self._clock.now(),
        )
        for job_id, seconds, job in self._every:
            scheduler.add_job(
                self._job,
                "interval",
                args=[job],
                seconds=seconds,
                id=job_id,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=None,
                next_run_time=self._clock.now(),
            )
        scheduler.start()
        self._scheduler = scheduler

    async def stop(self) -> None:
        """Stop starting jobs and let running ones finish: APScheduler's shutdown would
        cancel a coroutine job mid-transaction."""
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is None:
            return
        scheduler.pause()
        # A job APScheduler has just submitted registers itself on its first step.
        await asyncio.sleep(0)
        if self._running:
            await asyncio.wait(set(self._running), timeout=STOP_GRACE_SECONDS)
        scheduler.shutdown(wait=False)
