"""Helpers for the backup, restore and upgrade tests: fresh databases, a store at an older
schema revision, teachers talking to the core, and every member's JSON export."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from alembic import command

from bot.bootstrap import bootstrap
from bot.chat.messages import Chat, ChatKind, Incoming, Sender
from bot.services.export import export_portfolio
from bot.settings import Settings
from storage.engines import create_async_store_engine, create_sync_sqlite_engine
from storage.migrate import alembic_config, migrating
from storage.urls import resolve_url

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Connection

    from bot.bootstrap import Core
    from bot.services.ports import Store

PLATFORM = "test"
TEACHERS_AT_MOST = 100
_ids = itertools.count(1)


def _alembic(connection: Connection, revision: str, down: bool) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, revision)


async def migrate(url: str, revision: str, *, down: bool = False) -> None:
    """Move the schema at `url` to `revision` (the test plays an older version)."""
    target = resolve_url(url)
    if target.is_async:
        engine = create_async_store_engine(target)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(_alembic, revision, down)
        finally:
            await engine.dispose()
        return
    sync_engine = create_sync_sqlite_engine(target)
    try:
        with migrating(sync_engine) as connection:
            _alembic(connection, revision, down)
    finally:
        sync_engine.dispose()


def core_for(store: Store, data_dir: Path) -> Core:
    return bootstrap(store, Settings(data_dir=data_dir))


def says(teacher: int, text: str, platform: str = PLATFORM) -> Incoming:
    """Teacher n says `text` privately; on a real platform n is their user id there."""
    user = f"u{teacher}" if platform == PLATFORM else str(teacher)
    chat = Chat(platform, user, ChatKind.PRIVATE)
    sender = Sender(platform, user, f"Leraar {teacher}")
    return Incoming(f"m{next(_ids)}", chat, sender, datetime.now(UTC), text=text)


async def exports(store: Store, now: datetime) -> dict[str, dict[str, Any]]:
    """Every member's export, by identity (user id on the test platform)."""

    def work(uow: Any) -> dict[str, dict[str, Any]]:
        found = {}
        for teacher in range(TEACHERS_AT_MOST):
            member = uow.members.by_identity(PLATFORM, f"u{teacher}")
            if member is not None:
                found[f"u{teacher}"] = export_portfolio(uow, member.id, now)
        return found

    return await store.run(work)
