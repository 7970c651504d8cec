"""Fixtures for the fault stories: a world (adapter + core + store) against the loopback
Bot API, on SQLite and PostgreSQL (``store_url`` from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401  (fixture)
from tests.faults.world import World, world


@pytest.fixture
async def faulty(
    telegram_api: TelegramApiServer,  # noqa: F811
    store_url: str,
    tmp_path: Path,
) -> AsyncIterator[World]:
    async with world(telegram_api, store_url, tmp_path) as made:
        yield made
