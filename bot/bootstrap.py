"""Wires the core: services, router, scheduler. The caller brings the store and adapters,
so the core imports neither. Nothing here runs at import time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from bot.chat.handlers import command_specs, flow_set
from bot.chat.registry import Registry
from bot.chat.router import Router, RouterSettings
from bot.clock import SystemClock
from bot.delivery.groups import close_due_rounds
from bot.delivery.nudges import NUDGE_POLL_SECONDS, NudgeDispatcher
from bot.delivery.platforms import Platforms
from bot.delivery.reminders import DispatchSettings, ReminderDispatcher
from bot.i18n import Translator
from bot.metrics import NullMetrics
from bot.scheduling import Scheduler
from bot.services.search import REINDEX_POLL_SECONDS, reindex_marked

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bot.clock import Clock
    from bot.metrics import Metrics
    from bot.services.ports import Store
    from bot.settings import Settings


@dataclass
class Core:
    router: Router
    registry: Registry
    translator: Translator
    scheduler: Scheduler
    store: Store
    clock: Clock
    reminders: ReminderDispatcher
    nudges: NudgeDispatcher
    platforms: Platforms  # the adapters attached; their outbox and group posts


def bootstrap(
    store: Store,
    settings: Settings,
    clock: Clock | None = None,
    metrics: Metrics | None = None,
    home_pages: Mapping[str, str] | None = None,
) -> Core:
    """`home_pages`: where each platform's accounts live (the adapters know)."""
    clock = clock or SystemClock()
    metrics = metrics or NullMetrics()
    registry = Registry(command_specs())
    translator = Translator.load()
    router = Router(
        registry,
        flow_set(),
        store,
        translator,
        clock,
        RouterSettings(
            default_language=settings.default_language,
            default_timezone=settings.default_timezone,
            flow_ttl_minutes=settings.flow_ttl_minutes,
            undo_hours=settings.undo_hours,
            operators=settings.operators,
            home_pages=dict(home_pages or {}),
        ),
    )
    router.metrics = metrics
    scheduler = Scheduler(store, clock, inbox_retention_days=settings.inbox_retention_days)
    reminders = ReminderDispatcher(
        store,
        clock,
        translator,
        DispatchSettings(
            batch=settings.reminder_batch,
            grace=timedelta(hours=settings.reminder_grace_hours),
        ),
        metrics=metrics,
    )
    scheduler.every("reminders", settings.reminder_poll_seconds, reminders.dispatch_due)
    language = settings.default_language
    scheduler.every(
        "review-rounds",
        settings.round_check_seconds,
        partial(close_due_rounds, store, clock, translator, language),
    )
    nudges = NudgeDispatcher(store, clock, translator)
    nudges.listeners = reminders.listeners
    scheduler.every("nudges", NUDGE_POLL_SECONDS, nudges.run)
    platforms = Platforms(router, store, clock, translator, reminders.listeners)
    scheduler.every("group-posts", settings.group_post_seconds, platforms.post_to_groups)
    scheduler.every("search-reindex", REINDEX_POLL_SECONDS, partial(reindex_marked, store))
    return Core(
        router, registry, translator, scheduler, store, clock, reminders, nudges, platforms
    )
