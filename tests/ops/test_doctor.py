"""`portfoliobot doctor` on a good configuration and on each broken one: one line per
check, the failing line says what to do, and the exit code is 0 only when all pass."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from alembic import command

from storage import upgrade_schema
from storage.engines import create_sync_sqlite_engine
from storage.migrate import alembic_config, head_revision
from storage.urls import resolve_url
from tests.conftest import create_pg_database, drop_pg_database, run_isolated
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401
from tests.ops.running import PORTFOLIOBOT, bot_env, free_port


def migrate_to(url: str, revision: str) -> None:
    engine = create_sync_sqlite_engine(resolve_url(url))
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def doctor(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [PORTFOLIOBOT, "doctor", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done.returncode, done.stdout.splitlines()[1:]  # the first line names the source


def line(lines: list[str], name: str) -> str:
    (found,) = [entry for entry in lines if entry.split(":")[0].split()[-1] == name.split()[-1]]
    return found


@pytest.fixture
def good(tmp_path: Path) -> tuple[dict[str, str], str]:
    """A migrated SQLite store, writable data directory, no platform."""
    url = f"sqlite:///{tmp_path / 'data' / 'portfolio.db'}"
    (tmp_path / "data").mkdir()
    run_isolated(upgrade_schema(url))
    return bot_env(tmp_path, None, PORTFOLIOBOT_DATABASE_URL=url), url


async def _doctor(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, list[str]]:
    return await asyncio.to_thread(doctor, env, cwd, *args)


async def test_a_good_configuration_with_telegram_passes(
    telegram_api: TelegramApiServer,  # noqa: F811
    tmp_path: Path,
    good: tuple[dict[str, str], str],
) -> None:
    env, url = good
    env.update(bot_env(tmp_path, telegram_api), PORTFOLIOBOT_DATABASE_URL=url)
    code, lines = await _doctor(env, tmp_path)
    assert code == 0, lines
    assert [entry.split()[0] for entry in lines] == ["ok"] * 4
    newest = head_revision()
    assert line(lines, "store") == f"ok   store: {url} answers; schema at {newest} (newest)"
    assert line(lines, "telegram") == (
        "ok   telegram: token accepted by 127.0.0.1: @PortfolioTestBot"
    )
    assert telegram_api.call_count("getMe") == 1


async def test_a_token_telegram_refuses(
    telegram_api: TelegramApiServer,  # noqa: F811
    tmp_path: Path,
    good: tuple[dict[str, str], str],
) -> None:
    env, url = good
    env.update(bot_env(tmp_path, telegram_api), PORTFOLIOBOT_DATABASE_URL=url)
    env["PORTFOLIOBOT_TELEGRAM_TOKEN"] = "123456789:wrong"
    code, lines = await _doctor(env, tmp_path)
    assert code == 1
    assert line(lines, "telegram").startswith(
        "FAIL telegram: the Bot API refused the token (getMe: Unauthorized) → copy the token "
        "again from @BotFather"
    )
    assert line(lines, "store").startswith("ok ")  # the other checks still ran


async def test_a_telegram_api_that_cannot_be_reached(
    tmp_path: Path, good: tuple[dict[str, str], str]
) -> None:
    env, _ = good
    env["PORTFOLIOBOT_TELEGRAM_TOKEN"] = "123456789:whatever"
    env["PORTFOLIOBOT_TELEGRAM_API_URL"] = f"http://127.0.0.1:{free_port()}"
    code, lines = await _doctor(env, tmp_path)
    assert code == 1
    found = line(lines, "telegram")
    assert found.startswith("FAIL telegram: cannot reach 127.0.0.1 (")
    assert found.endswith(
        "→ check the network, a proxy (HTTPS_PROXY) or PORTFOLIOBOT_TELEGRAM_API_URL"
    )


def test_no_database_file_yet(tmp_path: Path) -> None:
    env = bot_env(tmp_path, None)
    code, lines = doctor(env, tmp_path)
    assert code == 1
    assert line(lines, "store") == (
        f"FAIL store: no database file at {tmp_path / 'data' / 'portfolio.db'} yet → run "
        "`portfoliobot db upgrade` (or start the bot once) to create it"
    )
    assert line(lines, "platforms").startswith("--   platforms: none configured")


def test_a_pending_migration_is_named(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate_to(url, "0003")
    code, lines = doctor(bot_env(tmp_path, None), tmp_path, "--db", url)
    assert code == 1
    found = line(lines, "store")
    assert found.startswith("FAIL store: ")
    assert "schema 0003; pending migrations 0004" in found
    assert found.endswith("→ run `portfoliobot db upgrade` (the bot also does it when it starts)")


def test_a_schema_newer_than_this_version(
    tmp_path: Path, good: tuple[dict[str, str], str]
) -> None:
    env, _ = good

    with sqlite3.connect(tmp_path / "data" / "portfolio.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '0099'")
    code, lines = doctor(env, tmp_path)
    assert code == 1
    assert "schema 0099 is newer than this portfoliobot knows" in line(lines, "store")


def test_an_unreachable_postgresql_server(tmp_path: Path) -> None:
    url = f"postgresql://portfoliobot@127.0.0.1:{free_port()}/portfolio"
    code, lines = doctor(bot_env(tmp_path, None), tmp_path, "--db", url)
    assert code == 1
    found = line(lines, "store")
    assert found.startswith(f"FAIL store: {url} does not answer (")
    assert found.endswith("that this user may connect")


def test_a_url_that_is_not_a_database(tmp_path: Path) -> None:
    code, lines = doctor(bot_env(tmp_path, None), tmp_path, "--db", "mysql://x@y/z")
    assert code == 1
    assert line(lines, "store").startswith("FAIL store: Unsupported database URL")


def test_a_data_directory_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    env = bot_env(tmp_path, None, PORTFOLIOBOT_DATA_DIR=str(tmp_path / "a-file" / "data"))
    env["PORTFOLIOBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'p.db'}"
    code, lines = doctor(env, tmp_path)
    assert code == 1
    found = line(lines, "data directory")
    assert found.startswith(f"FAIL data directory: {tmp_path / 'a-file' / 'data'} is not writable")
    assert "set PORTFOLIOBOT_DATA_DIR" in found


def test_an_unknown_default_time_zone(tmp_path: Path, good: tuple[dict[str, str], str]) -> None:
    env, _ = good
    env["PORTFOLIOBOT_DEFAULT_TIMEZONE"] = "Europe/Amsterdm"
    code, lines = doctor(env, tmp_path)
    assert code == 1
    assert line(lines, "time zones") == (
        "FAIL time zones: PORTFOLIOBOT_DEFAULT_TIMEZONE='Europe/Amsterdm' is not a known time "
        "zone → use an IANA name such as Europe/Amsterdam or Europe/Brussels"
    )


def test_no_time_zone_database(tmp_path: Path, good: tuple[dict[str, str], str]) -> None:
    env, _ = good
    # Neither the system's zoneinfo files nor the tzdata package: an empty one shadows it.
    (tmp_path / "shadow" / "tzdata").mkdir(parents=True)
    (tmp_path / "shadow" / "tzdata" / "__init__.py").write_text("")
    env["PYTHONTZPATH"] = str(tmp_path / "no-zoneinfo")
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tmp_path / "shadow"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    code, lines = doctor(env, tmp_path)
    assert code == 1
    assert line(lines, "time zones") == (
        "FAIL time zones: no time zone database found → install it: `sudo apt-get install "
        "tzdata` (or `pip install tzdata` in the venv)"
    )


def test_an_invalid_setting(tmp_path: Path, good: tuple[dict[str, str], str]) -> None:
    env, _ = good
    env["PORTFOLIOBOT_DEFAULT_LANGUAGE"] = "fr"
    code, lines = doctor(env, tmp_path)
    assert code == 1
    (only,) = lines
    assert only == (
        "FAIL settings: PORTFOLIOBOT_DEFAULT_LANGUAGE: Input should be 'nl' or 'en' "
        "(got 'fr') → fix it in the environment or .env"
    )


@pytest.mark.postgres
def test_postgresql_good_and_without_its_backup_tools(tmp_path: Path, pg_admin_url: str) -> None:
    url = create_pg_database(pg_admin_url, prefix="ops_doctor")
    try:
        run_isolated(upgrade_schema(url))
        env = bot_env(tmp_path, None, PORTFOLIOBOT_DATABASE_URL=url)
        code, lines = doctor(env, tmp_path)
        assert code == 0, lines
        assert line(lines, "store").startswith(f"ok   store: {url} answers; schema at")
        assert line(lines, "backup tools").startswith("ok   backup tools: pg_dump ")

        env["PATH"] = str(tmp_path / "empty-bin")  # a server without postgresql-client
        code, lines = doctor(env, tmp_path)
        assert code == 1
        assert line(lines, "backup tools") == (
            "FAIL backup tools: pg_dump/pg_restore not found (needed for backups) → install "
            "them: `sudo apt-get install postgresql-client` (same major as the server)"
        )
    finally:
        drop_pg_database(pg_admin_url, url)
