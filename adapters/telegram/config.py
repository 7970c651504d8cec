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
    admin_cache_seconds: int = Field(
        default=300, ge=0, description="How long a group's administrators are remembered."
    )

    @property
    def enabled(self) -> bool:
        return self.token is not None and bool(self.token.get_secret_value().strip())
