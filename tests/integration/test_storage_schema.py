"""Migrations: from an empty database to head, no drift from the models, idempotent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from storage import AsyncSqlStore, SqliteStore, open_store, upgrade_schema
from storage.engines import create_async_store_engine, create_sync_sqlite_engine
from storage.migrate import head_revision
from storage.models import metadata
from storage.urls import resolve_url
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.storage_builders import add_activity, new_member


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nobody has migrated yet (the shared PostgreSQL one already is)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    admin_url: str = request.getfixturevalue("pg_admin_url")
    url = create_pg_database(admin_url, prefix="pb_test_empty")
    try:
        yield url
    finally:
        drop_pg_database(admin_url, url)


def _diff_and_tables(connection: Connection) -> tuple[list[Any], set[str]]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return compare_metadata(context, metadata), set(inspect(connection).get_table_names())


async def _inspect(url: str) -> tuple[list[Any], set[str]]:
    target = resolve_url(url)
    if target.is_async:
        engine = create_async_store_engine(target)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(_diff_and_tables)
        finally:
            await engine.dispose()
    sync_engine = create_sync_sqlite_engine(target)
    try:
        with sync_engine.connect() as connection:
            return _diff_and_tables(connection)
    finally:
        sync_engine.dispose()


async def test_upgrade_from_empty_creates_exactly_the_models(empty_db_url: str) -> None:
    diff, tables = await _inspect(empty_db_url)
    assert "members" not in tables

    assert await upgrade_schema(empty_db_url) == head_revision()

    diff, tables = await _inspect(empty_db_url)
    assert diff == []
    assert tables == set(metadata.tables) | {"alembic_version"}


async def test_upgrade_is_idempotent_and_safe_to_race(empty_db_url: str) -> None:
    # Two bot processes starting at once: SQLite queues them on BEGIN IMMEDIATE,
    # PostgreSQL on the advisory lock; the second one finds nothing left to do.
    revisions = await asyncio.gather(upgrade_schema(empty_db_url), upgrade_schema(empty_db_url))
    assert revisions == [head_revision(), head_revision()]
    assert await upgrade_schema(empty_db_url) == head_revision()
    diff, _ = await _inspect(empty_db_url)
    assert diff == []


async def test_open_store_twice_on_one_database(empty_db_url: str) -> None:
    first = await open_store(empty_db_url)
    second = await open_store(empty_db_url)
    try:
        member = await first.run(lambda uow: uow.members.create_with_identity("tg", "1", NEW))
        found = await second.run(lambda uow: uow.members.by_identity("tg", "1"))
        assert found == member
    finally:
        await first.close()
        await second.close()


NEW = new_member()


async def test_open_store_without_upgrade_leaves_the_database_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'untouched.db'}"
    store = await open_store(url, upgrade=False)
    await store.close()
    _, tables = await _inspect(url)
    assert tables == set()


@pytest.mark.parametrize(
    ("url", "store_type"),
    [
        ("sqlite://", SqliteStore),
        (":memory:", SqliteStore),
        ("sqlite:///:memory:", SqliteStore),
        ("sqlite+aiosqlite://", AsyncSqlStore),
    ],
)
async def test_in_memory_databases_work(url: str, store_type: type) -> None:
    store = await open_store(url)
    try:
        assert isinstance(store, store_type)
        member = await store.run(lambda uow: uow.members.create_with_identity("tg", "1", NEW))
        activities = await asyncio.gather(
            *(store.run(lambda uow: add_activity(uow, member.id)) for _ in range(10))
        )
        assert sorted(a.number for a in activities) == list(range(1, 11))
    finally:
        await store.close()


async def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = await open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        assert isinstance(store, SqliteStore)

        def pragmas(uow: Any) -> tuple[Any, ...]:
            db = uow.members._db  # peeking below the port on purpose
            return tuple(
                db.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            )

        assert await store.run(pragmas) == ("wal", 1, 5000, 1)
    finally:
        await store.close()


async def test_naive_datetimes_are_refused(store_url: str) -> None:
    store = await open_store(store_url)
    try:
        with pytest.raises(Exception, match="naive datetime"):
            await store.run(lambda uow: uow.inbox.claim("tg", "1", datetime(2025, 1, 1)))
    finally:
        await store.close()
