from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.bootstrap import Core, bootstrap
from bot.settings import Settings
from storage import open_store
from tests.sdks import TELEGRAM, required

if TYPE_CHECKING:
    from adapters.telegram.adapter import TelegramAdapter
    from tests.fakes.telegram_api import TelegramApiServer

# Without python-telegram-bot (the `telegram` extra) these tests are not collected.
collect_ignore_glob = [] if required(TELEGRAM, "telegram") else ["test_*.py"]


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    """The core on a fresh SQLite store."""
    db = tmp_path / "portfolio.sqlite3"
    store = await open_store(f"sqlite:///{db}")
    yield bootstrap(store, Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path))
    await store.close()


@pytest.fixture
async def bot(core: Core, telegram_api: TelegramApiServer) -> AsyncIterator[TelegramAdapter]:
    """The Telegram adapter, started against the loopback Bot API (`telegram_api`, which
    each test module imports from tests.fakes.telegram_fixture)."""
    from tests.contract.drivers import telegram_adapter  # imports the SDK

    adapter = telegram_adapter(core, telegram_api)
    await adapter.start()
    yield adapter
    await adapter.stop()
