"""Migration 0005 moves each activity's single reflection into the reflections table
without loss, on SQLite (foreign keys on, as the bot runs) and PostgreSQL, and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from storage.engines import create_async_store_engine, create_sync_sqlite_engine
from storage.migrate import alembic_config
from storage.urls import resolve_url
from tests.conftest import create_pg_database, drop_pg_database


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    admin_url: str = request.getfixturevalue("pg_admin_url")
    url = create_pg_database(admin_url, prefix="trust_mig")
    try:
        yield url
    finally:
        drop_pg_database(admin_url, url)


async def _run(url: str, work: Any) -> Any:
    target = resolve_url(url)
    if url.startswith("sqlite"):
        sync_engine = create_sync_sqlite_engine(target)  # foreign keys on, as in the bot
        try:
            with sync_engine.begin() as connection:
                return work(connection)
        finally:
            sync_engine.dispose()
    engine = create_async_store_engine(target)
    try:
        async with engine.begin() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


def _migrate(revision: str, down: bool = False) -> Any:
    def work(connection: Any) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    return work


_SEED = [
    "INSERT INTO members (id, display_name, language, timezone, created_at, "
    "next_activity_number, next_goal_number) "
    "VALUES (1, 'Alice', 'nl', 'Europe/Amsterdam', '2026-11-01 10:00:00+00', 4, 1)",
    *(
        "INSERT INTO activities (id, member_id, number, date, minutes, kind, title, "
        "competence_areas, reflection, evidence, goal_number, visibility, created_at) "
        f"VALUES ({n}, 1, {n}, '2026-11-0{n}', 60, 'intervision', 'Intervisie {n}', '[]', "
        f"{reflection}, NULL, NULL, 'private', '2026-11-0{n} 12:00:00+00')"
        for n, reflection in ((1, "'Feedforward werkt.'"), (2, "NULL"), (3, "'Klas 2: ja.'"))
    ),
]


def _seed(connection: Any) -> None:
    for statement in _SEED:
        connection.execute(text(statement))


def _reflections(connection: Any) -> list[tuple[int, str]]:
    rows = connection.execute(
        text("SELECT activity_id, text FROM reflections ORDER BY activity_id")
    )
    return [(row[0], row[1]) for row in rows]


def _old_column(connection: Any) -> list[tuple[int, str | None]]:
    rows = connection.execute(text("SELECT id, reflection FROM activities ORDER BY id"))
    return [(row[0], row[1]) for row in rows]


async def test_single_reflections_move_into_the_list_and_back(empty_url: str) -> None:
    await _run(empty_url, _migrate("0004"))
    await _run(empty_url, _seed)
    await _run(empty_url, _migrate("0005"))
    assert await _run(empty_url, _reflections) == [
        (1, "Feedforward werkt."),
        (3, "Klas 2: ja."),
    ]
    await _run(empty_url, _migrate("0004", down=True))
    assert await _run(empty_url, _old_column) == [
        (1, "Feedforward werkt."),
        (2, None),
        (3, "Klas 2: ja."),
    ]
