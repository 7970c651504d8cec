"""Pytest glue for the fake Bot API.

Use in a test module or conftest::

    from tests.fakes.telegram_fixture import telegram_api  # noqa: F401

``telegram_api`` is a running :class:`TelegramApiServer`, stopped after the test;
``ptb_builder(api)`` is an ``ApplicationBuilder`` already pointed at it, and
``async with polling(app)`` runs an Application against it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import pytest

from tests.fakes.telegram_api import TelegramApiServer

if TYPE_CHECKING:  # python-telegram-bot is the `telegram` extra: imported when used
    from telegram.ext import Application, ApplicationBuilder


def ptb_builder(api: TelegramApiServer) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """An ApplicationBuilder aimed at the fake; PTB appends the token to both URLs."""
    from telegram.ext import Application

    return (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
    )


@pytest.fixture
async def telegram_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TelegramApiServer]:
    # Without PTB_TIMEDELTA, reading RetryAfter.retry_after (which PTB itself does while
    # building the exception) emits a PTBDeprecationWarning, an error under
    # filterwarnings=error. With it, retry_after is a datetime.timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with TelegramApiServer.running() as api:
        yield api


@asynccontextmanager
async def polling(app: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    """Run ``app`` the way the adapter will: explicit lifecycle, long polling, clean stop.

    Stopping the updater first matters: its last getUpdates confirms the fetched updates, and
    ``app.stop()`` then still handles everything already fetched.
    """
    assert app.updater is not None
    async with app:
        await app.start()
        await app.updater.start_polling()
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()
