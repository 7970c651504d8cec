"""Fixtures shared by every suite: the database backends a store can run on.

``store_url``   the plain URL of an empty, migrated database, once per backend:
                ``sqlite:///<tmp>/portfolio.db`` (id "sqlite") and
                ``postgresql://…/pb_test_<random>`` (id "postgres", marker ``postgres``).
``store``       ``await open_store(store_url)``, closed after the test.
``sqlite_template`` one SQLite file migrated once per run; ``fresh_sqlite_url`` copies it.
``pg_admin_url`` the server the PostgreSQL test database is created on, from
                ``PORTFOLIOBOT_TEST_POSTGRES_URL`` (default postgres@127.0.0.1:5432/test).

PostgreSQL gets one database per test session (dropped at the end); each test starts
from truncated tables. If the server is unreachable the PostgreSQL tests are skipped,
except under CI (env ``CI`` set), where they fail: CI must never skip them silently.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import sys
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from sqlalchemy.engine import make_url

# The package is not installed into the venv; tests import it from the checkout.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.services.ports import Store  # noqa: E402
from storage import open_store, upgrade_schema  # noqa: E402

PG_URL_ENV = "PORTFOLIOBOT_TEST_POSTGRES_URL"
PG_DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"

T = TypeVar("T")


def run_isolated(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous fixture code.

    On a thread of its own, so it neither trips over nor replaces the event loop that
    pytest-asyncio keeps for the async tests and fixtures.
    """
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coro).result()


def _libpq_dsn(url: str, database: str | None = None) -> str:
    """`url` as asyncpg/libpq want it: no ``+driver``, optionally another database."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _execute(dsn: str, *statements: str) -> None:
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def _user_tables(dsn: str) -> list[str]:
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        rows = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'alembic_version' ORDER BY tablename"
        )
    finally:
        await connection.close()
    return [row["tablename"] for row in rows]


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    return os.environ.get(PG_URL_ENV, PG_DEFAULT_URL)


def create_pg_database(admin_url: str, prefix: str = "pb_test") -> str:
    """Create an empty database on the admin server; its plain ``postgresql://`` URL.

    Skips the calling test when the server is unreachable, or fails it under CI.
    """
    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        run_isolated(_execute(_libpq_dsn(admin_url), f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        where = make_url(admin_url).render_as_string(hide_password=True)
        reason = f"PostgreSQL at {where} is not usable ({exc!r}); set {PG_URL_ENV}"
        if "CI" in os.environ:
            pytest.fail(f"{reason}. CI must run the PostgreSQL tests.", pytrace=False)
        pytest.skip(reason)
    return _libpq_dsn(admin_url, database=name)


def drop_pg_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    run_isolated(_execute(_libpq_dsn(admin_url), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def _pg_session_database(pg_admin_url: str) -> Iterator[tuple[str, list[str]]]:
    url = create_pg_database(pg_admin_url)
    try:
        run_isolated(upgrade_schema(url))
        tables = run_isolated(_user_tables(url))
        yield url, tables
    finally:
        drop_pg_database(pg_admin_url, url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head, once per run; tests get copies of it.

    Running every migration costs about 0.1 s; copying the result costs a millisecond.
    """
    path = tmp_path_factory.mktemp("template") / "portfolio.db"
    run_isolated(upgrade_schema(f"sqlite:///{path}"))
    return path


def fresh_sqlite_url(template: Path, path: Path) -> str:
    """A migrated SQLite store at `path`, copied from the run's template."""
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        # Migrated like the PostgreSQL one, so both backends hand out the same thing.
        template = request.getfixturevalue("sqlite_template")
        return fresh_sqlite_url(template, tmp_path / "portfolio.db")
    url, tables = request.getfixturevalue("_pg_session_database")
    if tables:
        quoted = ", ".join(f'"{table}"' for table in tables)
        run_isolated(_execute(url, f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    return str(url)


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    opened = await open_store(store_url)
    try:
        yield opened
    finally:
        await opened.close()
