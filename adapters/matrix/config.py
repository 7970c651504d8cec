"""Matrix settings: environment variables (or `.env`) prefixed PORTFOLIOBOT_MATRIX_."""

from __future__ import annotations

from pathlib import Path  # noqa: TC003 - pydantic reads the annotation at run time

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class MatrixConfig(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PORTFOLIOBOT_MATRIX_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    homeserver: str | None = Field(default=None, description="e.g. https://matrix.school.nl")
    user_id: str | None = Field(default=None, description="The bot account, @bot:school.nl")
    access_token: SecretStr | None = Field(default=None, description="Or a password.")
    password: SecretStr | None = Field(default=None, description="Used when no access token.")
    recovery_key: SecretStr | None = Field(
        default=None,
        description="Cross-signing recovery key. Without it, a fresh account sets up "
        "cross-signing on first start and prints its recovery key once.",
    )
    store_dir: Path | None = Field(
        default=None,
        description="Device id, crypto keys, room state and the sync token; default "
        "<data dir>/matrix. Keep it: losing it means a new device.",
    )
    allowed_servers: str = Field(
        default="",
        description="Comma-separated homeservers whose users may invite the bot; empty: any.",
    )
    moderator_level: int = Field(default=50, description="Power level that moderates a room.")
    decrypt_grace_seconds: float = Field(
        default=30.0, ge=0, description="How long a message waits for its room key."
    )
    concurrency: int = Field(
        default=16,
        ge=1,
        description="Room events handled at once (each room's in order, rooms side by side).",
    )

    @property
    def enabled(self) -> bool:
        has_secret = any(
            secret is not None and secret.get_secret_value().strip()
            for secret in (self.access_token, self.password)
        )
        return bool(self.homeserver and self.user_id and has_secret)

    def servers(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.allowed_servers.split(",") if part.strip())
