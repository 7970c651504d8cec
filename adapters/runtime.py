"""The composition root: builds the store, the core and the adapters, and runs them in one
event loop. It lives with the adapters because it is allowed to import everything."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from typing import TYPE_CHECKING, Protocol

from bot.bootstrap import Core, bootstrap
from storage import default_sqlite_url, open_store

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)


class Adapter(Protocol):
    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def store_url(settings: Settings, override: str | None = None) -> str:
    return override or settings.database_url or default_sqlite_url(settings.data_dir)


async def open_core(settings: Settings, db: str | None = None) -> Core:
    store = await open_store(store_url(settings, db))
    return bootstrap(store, settings)


def configured_adapters(settings: Settings, core: Core) -> list[Adapter]:
    """Platform adapters whose settings are present (Discord and Matrix plug in here too)."""
    adapters: list[Adapter] = []
    from adapters.telegram.config import TelegramConfig

    telegram = TelegramConfig()
    if telegram.enabled:
        from adapters.telegram.adapter import TelegramAdapter

        adapters.append(TelegramAdapter(core, telegram))
    from adapters.discord.config import DiscordConfig

    discord_config = DiscordConfig()
    if discord_config.enabled:
        # discord.py is the optional extra portfoliobot[discord]: imported only when used.
        from adapters.discord.adapter import DiscordAdapter

        adapters.append(DiscordAdapter(core, discord_config, settings.data_dir))
    return adapters


async def run_until_signalled(settings: Settings, db: str | None = None) -> None:
    core = await open_core(settings, db)
    adapters = configured_adapters(settings, core)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    started: list[Adapter] = []
    try:
        core.scheduler.start()
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
        names = ", ".join(adapter.name for adapter in started) or "geen / none"
        print(f"portfoliobot draait (adapters: {names}). Stoppen: Ctrl-C.", file=sys.stderr)
        if not adapters:
            print(
                "Geen platform ingesteld; zie README (PORTFOLIOBOT_TELEGRAM_TOKEN …). "
                "Probeer de bot met: portfoliobot chat",
                file=sys.stderr,
            )
        await stop.wait()
    finally:
        for adapter in reversed(started):
            with contextlib.suppress(Exception):
                await adapter.stop()
        await core.scheduler.stop()
        await core.store.close()
        print("portfoliobot gestopt.", file=sys.stderr)
