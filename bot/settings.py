"""Settings from the environment or a `.env` file, all prefixed PORTFOLIOBOT_."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(user_data_dir("portfoliobot", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PORTFOLIOBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str | None = Field(
        default=None, description="Store URL; default: SQLite file in the data directory."
    )
    data_dir: Path = Field(default_factory=default_data_dir, description="Where files live.")
    default_language: Literal["nl", "en"] = Field(default="nl", description="For new members.")
    default_timezone: str = Field(default="Europe/Amsterdam", description="For new members.")
    flow_ttl_minutes: int = Field(
        default=30, ge=1, le=7 * 24 * 60, description="Open questions expire."
    )
    undo_hours: float = Field(
        default=24, gt=0, le=24 * 30, description="How long /undo can undo the last change."
    )
    inbox_retention_days: int = Field(
        default=14, ge=1, description="How long message ids are kept to spot redeliveries."
    )
    log_level: str = Field(default="WARNING", description="Python logging level.")
    log_format: Literal["plain", "json"] = Field(
        default="plain", description="One line per event: plain text or a JSON object."
    )
    http_listen: str | None = Field(
        default=None, description="host:port for /healthz and /metrics; off when unset."
    )
    reminder_grace_hours: float = Field(
        default=12, ge=0, description="Missed reminders younger than this are sent late."
    )
    reminder_batch: int = Field(
        default=500, ge=1, le=10_000, description="Reminders claimed per transaction."
    )
    reminder_poll_seconds: float = Field(
        default=1.0, gt=0, description="How often the dispatcher looks for due reminders."
    )
    round_check_seconds: float = Field(
        default=10, gt=0, description="How often review rounds past their deadline are closed."
    )
    group_post_seconds: float = Field(
        default=2.0, gt=0, description="How often queued group posts are looked for."
    )
    admins: str = Field(
        default="",
        description="Operators who moderate the whole catalogue: platform identities, comma "
        "separated, e.g. 'console:alice,<platform>:12345'.",
    )

    @property
    def operators(self) -> frozenset[str]:
        """`admins` as a set of "platform:user id"."""
        return frozenset(
            item.strip() for item in self.admins.split(",") if ":" in item and item.strip()
        )

    @property
    def export_dir(self) -> Path:
        return self.data_dir / "exports"
