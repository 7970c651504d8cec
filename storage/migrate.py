"""Run the Alembic migrations from code: no alembic.ini, the caller's connection."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant bigint; every portfoliobot process must use the same one.
_PG_UPGRADE_LOCK = 0x706F7274666F6C69  # "portfoli"
# Alembic installs its `context`/`op` proxies as module globals, so two upgrades in
# one process (different stores, different threads) must not overlap.
_alembic_lock = threading.Lock()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_connection(connection: Connection) -> str:
    """Upgrade to head inside `connection`'s transaction; the revision now at head."""
    config = alembic_config()
    config.attributes["connection"] = connection
    with _alembic_lock:
        command.upgrade(config, "head")
    revision = current_revision(connection)
    assert revision is not None
    return revision


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction for migrations.

    On SQLite, foreign keys are off while it lasts: batch mode rebuilds a table (copy,
    drop, rename) to drop or change a column, and dropping the old table with foreign
    keys on would cascade into every table that points at it — a member's reminders and
    outbox rows gone because a column of `members` changed. The pragma only takes effect
    outside a transaction, so it is set on the driver's connection before BEGIN. The
    transaction starts with BEGIN IMMEDIATE (see storage.engines), so a second process
    waits for the first one's upgrade and then finds nothing to do."""
    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        driver = connection.connection.driver_connection
        assert driver is not None
        if sqlite:
            driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys=ON")


def upgrade_engine(engine: Engine) -> str:
    with migrating(engine) as connection:
        return upgrade_connection(connection)


async def upgrade_async_engine(engine: AsyncEngine) -> str:
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two bot processes starting together: the second waits here, then sees the
            # first one's committed alembic_version and does nothing. PostgreSQL's DDL
            # is transactional, so the lock (released at commit) covers all of it.
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_UPGRADE_LOCK}
            )
        return await connection.run_sync(upgrade_connection)
