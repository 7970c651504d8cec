"""Discord settings: environment variables (or `.env`) prefixed PORTFOLIOBOT_DISCORD_."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class DiscordConfig(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PORTFOLIOBOT_DISCORD_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    token: SecretStr | None = Field(
        default=None, description="The bot token (Developer Portal → Bot). Enables Discord."
    )
    api_url: str = Field(
        default="https://discord.com/api/v10",
        description="REST base URL; set it for a REST proxy or a test peer.",
    )
    gateway_url: str = Field(
        default="wss://gateway.discord.gg/",
        description="Gateway URL; set it for a test peer.",
    )
    test_guild_id: int | None = Field(
        default=None,
        description="Sync the slash commands to this guild only (instant; for testing).",
    )
    moderator_role: str | None = Field(
        default=None,
        description="Members with this role are moderators (besides Manage Server).",
    )
    guild_ready_timeout: float = Field(
        default=2.0, ge=0, description="How long discord.py waits for guilds at start."
    )
    defer_after_seconds: float = Field(
        default=1.5,
        gt=0,
        lt=3,
        description="An interaction not answered by then is deferred (Discord allows 3 s).",
    )

    @property
    def enabled(self) -> bool:
        return self.token is not None and bool(self.token.get_secret_value().strip())
