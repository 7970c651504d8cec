"""Migrations at start run under a lock: two processes upgrading the same fresh store at
once both succeed and the schema is migrated once; a process that finds the lock taken
waits for it instead of racing (PostgreSQL: an advisory lock; SQLite: the single writer)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from storage.migrate import _PG_UPGRADE_LOCK, head_revision
from tests.conftest import create_pg_database, drop_pg_database
from tests.ops.running import PORTFOLIOBOT, bot_env, bot_process, free_port, wait_for_status


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path, pg_admin_url: str) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    url = create_pg_database(pg_admin_url, prefix="ops_lock")
    try:
        yield url
    finally:
        drop_pg_database(pg_admin_url, url)


async def upgrade(url: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        PORTFOLIOBOT,
        "db",
        "upgrade",
        "--db",
        url,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def versions(url: str) -> list[str]:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return [row[0] for row in db.execute("SELECT version_num FROM alembic_version")]
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT version_num FROM alembic_version")
    finally:
        await connection.close()
    return [row[0] for row in rows]


async def test_two_processes_upgrading_at_once_both_succeed(
    fresh_url: str, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, None)
    first, second = [await upgrade(fresh_url, env, tmp_path) for _ in range(2)]
    outputs = await asyncio.gather(first.communicate(), second.communicate())
    for process, (out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert out.decode() == f"Schema bijgewerkt / schema upgraded: {head_revision()}\n"
    assert await versions(fresh_url) == [head_revision()]


async def test_an_upgrade_waits_while_another_holds_the_sqlite_writer(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")  # another process is migrating (or writing)
    try:
        process = await upgrade(f"sqlite:///{path}", bot_env(tmp_path, None), tmp_path)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(asyncio.shield(process.wait()), 1.5)
    finally:
        holder.execute("COMMIT")
        holder.close()
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert await versions(f"sqlite:///{path}") == [head_revision()]


@pytest.mark.postgres
async def test_a_starting_bot_waits_for_the_postgresql_migration_lock(
    tmp_path: Path, pg_admin_url: str
) -> None:
    url = create_pg_database(pg_admin_url, prefix="ops_lock")
    holder = await asyncpg.connect(url)
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", _PG_UPGRADE_LOCK)
        port = free_port()
        env = bot_env(tmp_path, None, PORTFOLIOBOT_HTTP_LISTEN=f"127.0.0.1:{port}")
        async with bot_process(env, tmp_path, "--db", url) as bot:
            await asyncio.sleep(2.0)
            assert bot.returncode is None  # waiting, not failing
            assert await holder.fetchval("SELECT to_regclass('alembic_version')") is None
            await holder.execute("SELECT pg_advisory_unlock($1)", _PG_UPGRADE_LOCK)
            await wait_for_status(f"http://127.0.0.1:{port}/healthz", 200, within=30)
            bot.terminate()
            await bot.wait()
        assert await versions(url) == [head_revision()]
    finally:
        await holder.close()
        drop_pg_database(pg_admin_url, url)
