"""The composition root: builds the store, the core and the adapters, and runs them in one
event loop. It lives with the adapters because it is allowed to import everything.

Each platform's SDK is an optional extra (`pip install 'portfoliobot[telegram]'`): a
platform's package is imported only when that platform is configured, and a configured
platform whose extra is missing stops `portfoliobot run` before anything starts, saying
what to install."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from adapters.home_pages import ACCOUNT_HOME_PAGES
from bot.bootstrap import Core, bootstrap
from storage import default_sqlite_url, open_store

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.metrics import Metrics
    from bot.settings import Settings

log = logging.getLogger(__name__)


class Adapter(Protocol):
    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def store_url(settings: Settings, override: str | None = None) -> str:
    return override or settings.database_url or default_sqlite_url(settings.data_dir)


async def open_core(
    settings: Settings, db: str | None = None, metrics: Metrics | None = None
) -> Core:
    store = await open_store(store_url(settings, db))
    return bootstrap(store, settings, metrics=metrics, home_pages=ACCOUNT_HOME_PAGES)


class MissingExtra(Exception):
    """A platform is configured but its SDK (the package's extra) is not installed."""


@dataclass(frozen=True)
class Platform:
    name: str
    setting: str  # the environment variable that turns it on
    sdk: str  # the module its adapter needs; installed by the extra `name`
    make: Callable[[Core], Adapter]


def _telegram() -> Platform | None:
    from adapters.telegram.config import TelegramConfig  # settings only: no SDK import

    config = TelegramConfig()
    if not config.enabled:
        return None

    def make(core: Core) -> Adapter:
        from adapters.telegram.adapter import TelegramAdapter

        return TelegramAdapter(core, config)

    return Platform("telegram", "PORTFOLIOBOT_TELEGRAM_TOKEN", "telegram", make)


def _discord() -> Platform | None:
    from adapters.discord.config import DiscordConfig  # settings only: no SDK import

    config = DiscordConfig()
    if not config.enabled:
        return None

    def make(core: Core) -> Adapter:
        from adapters.discord.adapter import DiscordAdapter
        from bot.settings import Settings

        # The data directory keeps the hash of the last synced command set.
        return DiscordAdapter(core, config, Settings().data_dir)

    return Platform("discord", "PORTFOLIOBOT_DISCORD_TOKEN", "discord", make)


# Matrix plugs in here too.
_PLATFORMS: list[Callable[[], Platform | None]] = [_telegram, _discord]


def configured_platforms() -> list[Platform]:
    """The platforms whose settings are present; MissingExtra when one's SDK is missing."""
    platforms = [platform for find in _PLATFORMS if (platform := find()) is not None]
    for platform in platforms:
        try:
            importlib.import_module(platform.sdk)
        except ImportError as error:
            raise MissingExtra(
                f"{platform.name} is ingesteld ({platform.setting}), maar de ondersteuning "
                f"ervoor is niet geïnstalleerd / {platform.name} is configured, but its "
                f"support is not installed ({error}). Installeer / install: "
                f"pip install 'portfoliobot[{platform.name}]'"
            ) from None
    return platforms


def configured_adapters(settings: Settings, core: Core) -> list[Adapter]:
    """Platform adapters whose settings are present."""
    return [platform.make(core) for platform in configured_platforms()]


async def run_until_signalled(settings: Settings, db: str | None = None) -> None:
    platforms = configured_platforms()  # before anything starts: a missing extra is told
    from adapters.ops.service import Ops

    ops = Ops(settings)
    core = await open_core(settings, db, ops.metrics)
    adapters = [platform.make(core) for platform in platforms]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    started: list[Adapter] = []
    try:
        await ops.start(core)
        core.scheduler.start()
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
        ops.ready(started)
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
        ops.stopping()
        for adapter in reversed(started):
            with contextlib.suppress(Exception):
                await adapter.stop()
        await core.scheduler.stop()
        await ops.stop()
        await core.store.close()
        print("portfoliobot gestopt.", file=sys.stderr)
