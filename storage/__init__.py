"""Persistence for portfoliobot: the SQL implementation of bot.services.ports.Store.

    store = await open_store(default_sqlite_url(data_dir))   # or "postgresql://…"
    number = await store.run(lambda uow: uow.members.next_number(member_id, "activity"))
    await store.close()

Nothing connects at import time; ``open_store`` creates the engine and, unless told
otherwise, brings the schema to the newest migration first.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from storage.engines import create_async_store_engine, create_sync_sqlite_engine
from storage.migrate import upgrade_async_engine, upgrade_engine
from storage.stores import AsyncSqlStore, SqliteStore
from storage.urls import StorageConfigError, default_sqlite_url, resolve_url

if TYPE_CHECKING:
    from bot.services.ports import Store

__all__ = [
    "AsyncSqlStore",
    "SqliteStore",
    "StorageConfigError",
    "default_sqlite_url",
    "open_store",
    "upgrade_schema",
]


async def open_store(url: str, *, upgrade: bool = True) -> Store:
    """The store for `url` (see storage.urls for the accepted forms), schema at head.

    Raises StorageConfigError for a URL we cannot use.
    """
    store: SqliteStore | AsyncSqlStore
    store = AsyncSqlStore(url) if resolve_url(url).is_async else SqliteStore(url)
    if upgrade:
        try:
            await store.upgrade()
        except BaseException:
            await store.close()
            raise
    return store


async def upgrade_schema(url: str) -> str:
    """Upgrade the database at `url` to the newest migration; returns that revision.

    Safe to run from several processes at once. (Pointless for an in-memory database,
    which disappears again afterwards: use open_store for those.)
    """
    target = resolve_url(url)
    if target.is_async:
        async_engine = create_async_store_engine(target)
        try:
            return await upgrade_async_engine(async_engine)
        finally:
            await async_engine.dispose()
    engine = create_sync_sqlite_engine(target)
    try:
        return await asyncio.to_thread(upgrade_engine, engine)
    finally:
        engine.dispose()
