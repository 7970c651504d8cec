"""The two implementations of bot.services.ports.Store."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from storage.engines import create_async_store_engine, create_sync_sqlite_engine
from storage.migrate import upgrade_async_engine, upgrade_engine
from storage.repositories import SqlUnitOfWork
from storage.urls import StorageConfigError, StoreUrl, resolve_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection

    from bot.services.ports import UnitOfWork

T = TypeVar("T")


class SqliteStore:
    """Embedded SQLite through the stdlib driver, on one dedicated thread.

    A whole unit of work is one hop to that thread: measured at about three times the
    throughput of an AsyncSession over aiosqlite, which hops per statement. One thread
    also means one connection, so within this process writers never contend; other
    processes on the same file queue on BEGIN IMMEDIATE and busy_timeout.

    A cancelled ``run`` does not stop the unit of work already on the thread: it
    finishes and commits, as a command that reached the database should.
    """

    def __init__(self, url: str) -> None:
        target = resolve_url(url)
        if not target.is_sqlite:
            raise StorageConfigError(
                f"SqliteStore needs a sqlite:/// URL, not {target.url.drivername}; "
                "use open_store() to pick the store for a URL"
            )
        self.url = target.url.set(drivername="sqlite+pysqlite")
        self._engine = create_sync_sqlite_engine(StoreUrl(self.url, is_async=False))
        # Opened on the thread at first use and kept: no pool checkout or reset per unit of
        # work. Only the store's one thread ever touches it.
        self._connection: Connection | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-store")
        self._closed = False

    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        return await self._on_thread(self._run, work)

    def _run(self, work: Callable[[UnitOfWork], T]) -> T:
        if self._connection is None or self._connection.closed:
            self._connection = self._engine.connect()
        connection = self._connection
        try:
            with connection.begin():
                return work(SqlUnitOfWork(connection))
        except Exception:
            if connection.invalidated:
                connection.close()  # a broken connection is replaced on the next run
            raise

    async def inspect(self, probe: Callable[[Connection], T]) -> T:
        """`probe` on this store's connection, in a transaction that is rolled back
        (health checks and metrics: it answers through the same thread as the bot)."""
        return await self._on_thread(self._inspect, probe)

    def _inspect(self, probe: Callable[[Connection], T]) -> T:
        if self._connection is None or self._connection.closed:
            self._connection = self._engine.connect()
        transaction = self._connection.begin()
        try:
            return probe(self._connection)
        finally:
            transaction.rollback()

    def _dispose(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._engine.dispose()

    async def upgrade(self) -> str:
        """Bring the schema to head on this store's own connection (needed for :memory:)."""
        return await self._on_thread(upgrade_engine, self._engine)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await asyncio.get_running_loop().run_in_executor(self._executor, self._dispose)
        self._executor.shutdown(wait=True)

    async def _on_thread(self, function: Callable[..., T], *args: object) -> T:
        if self._closed:
            raise RuntimeError("the store is closed")
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)


class AsyncSqlStore:
    """PostgreSQL through asyncpg (or SQLite through aiosqlite), via SQLAlchemy asyncio.

    The repositories are synchronous; ``run_sync`` runs the whole unit of work in a
    greenlet and each statement awaits the driver underneath.
    """

    def __init__(self, url: str) -> None:
        target = resolve_url(url)
        if target.is_sqlite and not target.is_async:
            target = StoreUrl(target.url.set(drivername="sqlite+aiosqlite"), is_async=True)
        self.url = target.url
        self._engine = create_async_store_engine(target)
        # An in-memory SQLite database is a single shared connection: one transaction
        # at a time, or they would interleave on it.
        self._serial = asyncio.Lock() if target.is_memory else None

    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        if self._serial is None:
            return await self._run(work)
        async with self._serial:
            return await self._run(work)

    async def _run(self, work: Callable[[UnitOfWork], T]) -> T:
        async with self._engine.connect() as connection, connection.begin():
            return await connection.run_sync(lambda sync: work(SqlUnitOfWork(sync)))

    async def inspect(self, probe: Callable[[Connection], T]) -> T:
        """`probe` on a pooled connection, in a transaction that is rolled back."""
        async with self._engine.connect() as connection:
            return await connection.run_sync(probe)

    async def upgrade(self) -> str:
        return await upgrade_async_engine(self._engine)

    async def close(self) -> None:
        await self._engine.dispose()
