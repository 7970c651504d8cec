"""A store that stops answering turns /healthz to 503 with the reason, while the bot keeps
running; when the database is back, so is 200. On PostgreSQL, where "the server refuses
connections" is a real failure an operator meets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import _execute, _libpq_dsn, create_pg_database, drop_pg_database, run_isolated
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401
from tests.ops.running import bot_env, bot_process, free_port, get, stop, wait_for_status

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    url = create_pg_database(pg_admin_url, prefix="ops_health")
    try:
        yield url
    finally:
        drop_pg_database(pg_admin_url, url)


def _connections(admin_url: str, url: str, allowed: bool) -> None:
    name = make_url(url).database
    statements = [f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}']
    if not allowed:
        statements.append(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
    run_isolated(_execute(_libpq_dsn(admin_url), *statements))


async def test_a_database_that_refuses_connections_makes_the_bot_unhealthy(
    telegram_api: TelegramApiServer,  # noqa: F811
    tmp_path: Path,
    pg_url: str,
    pg_admin_url: str,
) -> None:
    port = free_port()
    health = f"http://127.0.0.1:{port}/healthz"
    env = bot_env(tmp_path, telegram_api, PORTFOLIOBOT_HTTP_LISTEN=f"127.0.0.1:{port}")
    async with bot_process(env, tmp_path, "--db", pg_url) as bot:
        assert await wait_for_status(health, 200, within=30) == "ok\n"
        _connections(pg_admin_url, pg_url, allowed=False)
        try:
            body = await wait_for_status(health, 503, within=15)
            assert body.startswith("store: not answering (")
            assert "telegram" not in body  # the platform is fine: only the store is named
            assert (await get(health))[0] == 503
        finally:
            _connections(pg_admin_url, pg_url, allowed=True)
        assert await wait_for_status(health, 200, within=15) == "ok\n"
        assert bot.returncode is None  # it kept running throughout
        stderr = await stop(bot)
    assert bot.returncode == 0, stderr
