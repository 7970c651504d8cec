"""Building the Discord adapter against the loopback Discord (tests/fakes/discord_api.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.config import DiscordConfig
from bot.delivery.outbox import DeliverySettings
from bot.delivery.shaping import Limits

if TYPE_CHECKING:
    from pathlib import Path

    from bot.bootstrap import Core
    from tests.fakes.discord_api import DiscordApiServer


def discord_adapter(
    core: Core,
    api: DiscordApiServer,
    state_dir: Path,
    *,
    limits: Limits | None = None,
    **config: object,
) -> DiscordAdapter:
    values: dict[str, object] = {
        "token": api.token,
        "api_url": api.rest_url,
        "gateway_url": api.gateway_url,
        "guild_ready_timeout": 0.05,
        **config,
    }
    settings = DiscordConfig(**values)  # type: ignore[arg-type]
    return DiscordAdapter(
        core,
        settings,
        state_dir,
        limits=limits or Limits.unlimited(),
        delivery=DeliverySettings(idle_poll_seconds=0.2),
    )
