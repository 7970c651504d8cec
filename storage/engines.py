"""Engines for the URLs `storage.urls` resolved, configured the way the stores expect."""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from storage.urls import StoreUrl

BUSY_TIMEOUT_MS = 5000
SQLITE_PRAGMAS = (
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",  # wait for another writer instead of failing
    "PRAGMA synchronous=NORMAL",  # durable across crashes in WAL mode; fsync at checkpoints
    "PRAGMA foreign_keys=ON",
)


def create_sync_sqlite_engine(target: StoreUrl) -> Engine:
    engine = create_engine(target.url, hide_parameters=True, **_sqlite_pool_options(target))
    configure_sqlite(engine)
    return engine


def create_async_store_engine(target: StoreUrl) -> AsyncEngine:
    if target.is_sqlite:
        engine = create_async_engine(
            target.url, hide_parameters=True, **_sqlite_pool_options(target)
        )
        configure_sqlite(engine.sync_engine)
        return engine
    return create_async_engine(
        target.url,
        # A failed statement's error (and so the log line) never carries the values: they
        # are members' texts and names.
        hide_parameters=True,
        # A handful of connections serve a chat bot well: units of work are short.
        pool_size=5,
        max_overflow=10,
        pool_timeout=30,
        # Survive a database restart or failover without failing the next command.
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"server_settings": {"application_name": "portfoliobot"}},
    )


def _sqlite_pool_options(target: StoreUrl) -> dict[str, Any]:
    if target.is_memory:
        # An in-memory database lives and dies with its one connection; every checkout
        # must get that same connection (the stores serialise access to it).
        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    return {}


def configure_sqlite(engine: Engine) -> None:
    """Pragmas per connection, and ``BEGIN IMMEDIATE`` for every transaction.

    sqlite3's own transaction handling begins lazily (DEFERRED) and only before DML. A
    deferred transaction that reads and then writes must upgrade its lock; if another
    process did the same, one of them fails at once with "database is locked" and
    busy_timeout cannot help. Taking the write lock at BEGIN makes writers queue up.
    This is the recipe from SQLAlchemy's SQLite docs ("Transactions with SQLite and the
    sqlite3 driver"); Python 3.11's sqlite3 has no ``autocommit`` attribute yet.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
            _enable_wal(cursor)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _enable_wal(cursor: Any) -> None:
    """WAL: readers never block the writer, nor the writer readers. Persistent per file.

    Switching a fresh file to WAL needs an exclusive lock, and when another connection is
    starting up at the same moment SQLite answers "locked" without consulting the busy
    handler. That only happens on the very first start, so a short retry is enough.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
