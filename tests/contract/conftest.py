"""The contract suite's driver fixture: every story runs against every adapter's driver
that has the capabilities the story declares with ``@pytest.mark.needs(...)``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.contract.drivers import (
    EPHEMERAL_PRIVACY,
    REACTS,
    REDELIVERS,
    REFUSES_PRIVATE,
    ChatDriver,
)
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401  (fixture)
from tests.sdks import DISCORD, TELEGRAM, required

# Driver name -> its capabilities. Discord and Matrix join here. A platform's driver runs
# where its SDK (the package's extra) is installed; under CI always.
DRIVERS: dict[str, frozenset[str]] = {"console": frozenset({REDELIVERS})}
if required(TELEGRAM, "telegram"):
    DRIVERS["telegram"] = frozenset({REFUSES_PRIVATE, REDELIVERS, REACTS})
if required(DISCORD, "discord"):
    DRIVERS["discord"] = frozenset({REDELIVERS, EPHEMERAL_PRIVACY})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(*capabilities): driver capabilities a story needs")
    config.addinivalue_line(
        "markers", "lacks(*capabilities): for drivers without these (the other way round)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "driver_name" not in metafunc.fixturenames:
        return
    needed: set[str] = set()
    for marker in metafunc.definition.iter_markers("needs"):
        needed.update(marker.args)
    lacking: set[str] = set()
    for marker in metafunc.definition.iter_markers("lacks"):
        lacking.update(marker.args)
    names = [name for name, caps in DRIVERS.items() if needed <= caps and not lacking & caps]
    metafunc.parametrize("driver_name", names)


@pytest.fixture
async def driver(
    driver_name: str,
    tmp_path: Path,
    telegram_api: TelegramApiServer,  # noqa: F811  (a loopback server: cheap when unused)
) -> AsyncIterator[ChatDriver]:
    db = tmp_path / "portfolio.sqlite3"
    made: ChatDriver
    if driver_name == "console":
        from tests.contract.drivers import ConsoleDriver

        made = await ConsoleDriver.open(db)
    elif driver_name == "discord":
        from tests.contract.discord_driver import DiscordDriver  # the `discord` extra

        made = await DiscordDriver.open(db)
    else:
        from tests.contract.drivers import TelegramDriver

        made = await TelegramDriver.open(db, telegram_api)
    try:
        yield made
    finally:
        await made.close()
