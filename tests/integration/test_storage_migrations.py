"""Every migration upgrades a database that holds data, not only an empty one.

Generic over whatever revisions exist: the database is upgraded one revision at a time
from the first; after each, one row goes into every table there is (values made up from
the column types, foreign keys pointing at that step's rows). At head every row is still
there and reads back through today's models. A landed migration is never edited (see
README, "Contributing"): this test is what a new one must pass with the old data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from storage.engines import create_async_store_engine, create_sync_sqlite_engine
from storage.migrate import alembic_config, head_revision
from storage.models import metadata
from storage.urls import resolve_url
from tests.integration.test_storage_schema import empty_db_url  # noqa: F401

NOW = dt.datetime(2026, 11, 18, 14, 30, tzinfo=dt.UTC)


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]


def _value(column: sa.Column[Any], step: int) -> Any:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return step % 2 == 0
    if isinstance(kind, sa.Integer):
        return step
    if isinstance(kind, sa.DateTime):
        return NOW + dt.timedelta(days=step)
    if isinstance(kind, sa.Date):
        return NOW.date() + dt.timedelta(days=step)
    if isinstance(kind, sa.Time):
        return dt.time(9, step % 60)
    if isinstance(kind, sa.JSON):
        return {"v": 1, "step": step}
    if isinstance(kind, sa.Float | sa.Numeric):
        return 1.5
    if isinstance(kind, sa.LargeBinary):
        return b"\x00" * step
    if isinstance(kind, sa.String):
        text = f"v{step}-{column.name}"
        return text[: kind.length] if kind.length else text
    raise AssertionError(f"no made-up value for {column.table.name}.{column.name}: {kind!r}")


def _typed(table: sa.Table) -> sa.Table:
    """`table` with today's column types where the models know the column (they bind
    times and JSON as the store does), the reflected ones elsewhere."""
    current = metadata.tables.get(table.name)
    columns = []
    for column in table.columns:
        known = current.columns.get(column.name) if current is not None else None
        columns.append(sa.column(column.name, known.type if known is not None else column.type))
    return sa.table(table.name, *columns)


def _fill(connection: Connection, step: int) -> dict[str, int]:
    """One row in every table; the ids used, per table."""
    reflected = sa.MetaData()
    reflected.reflect(connection)
    ids: dict[str, int] = {}
    for table in reflected.sorted_tables:
        if table.name == "alembic_version":
            continue
        row: dict[str, Any] = {}
        for column in table.columns:
            foreign = next(iter(column.foreign_keys), None)
            if foreign is not None:
                row[column.name] = ids[foreign.column.table.name]
            elif column.primary_key and isinstance(column.type, sa.Integer):
                row[column.name] = ids[table.name] = 1000 * step + 1
            else:
                row[column.name] = _value(column, step)
        connection.execute(_typed(table).insert(), row)
    return ids


def _walk(connection: Connection) -> dict[str, int]:
    """Upgrade revision by revision, filling after each; rows expected per table."""
    expected: dict[str, int] = {}
    config = alembic_config()
    config.attributes["connection"] = connection
    for step, revision in enumerate(_revisions(), 1):
        command.upgrade(config, revision)
        for name in sa.inspect(connection).get_table_names():
            if name != "alembic_version" and name not in expected:
                # A new table may be filled by its revision's data migration (0005 moves
                # each activity's reflection into `reflections`).
                count = sa.select(sa.func.count()).select_from(sa.table(name))
                expected[name] = connection.execute(count).scalar_one()
        _fill(connection, step)
        for name in sa.inspect(connection).get_table_names():
            if name != "alembic_version":
                expected[name] = expected.get(name, 0) + 1
    return expected


def _read_back(connection: Connection) -> dict[str, int]:
    """Every row of every table through today's models (their types process each value)."""
    counts = {}
    for table in metadata.sorted_tables:
        rows = connection.execute(sa.select(table)).all()
        counts[table.name] = len(rows)
    return counts


async def _run(url: str, work: Any) -> Any:
    target = resolve_url(url)
    if target.is_async:
        engine = create_async_store_engine(target)
        try:
            async with engine.begin() as connection:
                return await connection.run_sync(work)
        finally:
            await engine.dispose()
    sync_engine = create_sync_sqlite_engine(target)
    try:
        with sync_engine.begin() as connection:
            return work(connection)
    finally:
        sync_engine.dispose()


async def test_every_revision_upgrades_a_database_with_data(
    empty_db_url: str,  # noqa: F811
) -> None:
    revisions = _revisions()
    assert revisions[0] == "0001" and revisions[-1] == head_revision()
    expected = await _run(empty_db_url, _walk)
    assert set(expected) == set(metadata.tables)
    assert await _run(empty_db_url, _read_back) == expected
