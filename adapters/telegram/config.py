"""Telegram settings: environment variables (or `.env`) prefixed PORTFOLIOBOT_TELEGRAM_."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class TelegramConfig(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PORTFOLIOBOT_TELEGRAM_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    token: SecretStr | None = Field(default=None, description="From BotFather. Enables Telegram.")
    api_url: str = Field(
        default="https://api.telegram.org",
        description="Bot API server; set it for a self-hosted telegram-bot-api server.",
    )
    webhook_url: str | None = Field(
        default=None,
        description="Public HTTPS URL Telegram posts updates to. Unset: long polling.",
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        description="Checked against Telegram's X-Telegram-Bot-Api-Secret-Token header.",
    )
    webhook_listen: str = Field(default="127.0.0.1", description="Webhook server address.")
    webhook_port: int = Field(default=8443, description="Webhook server port.")
    poll_timeout: int = Field(default=30, ge=0, le=50, description="Long-poll seconds.")
    poll_grace_seconds: float = Field(
        default=5.0,
        gt=0,
        description="How much longer than the long poll to wait before a poll counts as hung.",
    )
    poll_backoff_max_seconds: float = Field(
        default=30.0, gt=0, description="The longest wait after failed polls."
    )
    send_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How long to wait for Telegram's answer to a send before retrying it.",
    )
    # More connections let a slow answer hold up fewer other sends, but each costs CPU
    # (bench/telegram_adapter.py: 8 or 16 about the same, 32 markedly slower).
    connections: int = Field(
        default=16, ge=1, description="HTTP connections for sends (polling has its own)."
    )
    admin_cache_seconds: int = Field(
        default=300, ge=0, description="How long a group's administrators are remembered."
    )

    @property
    def enabled(self) -> bool:
        return self.token is not None and bool(self.token.get_secret_value().strip())
