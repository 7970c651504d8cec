"""`portfoliobot run` as a real process with Telegram and Discord configured: both adapters
run in the one event loop, each answers through the peer it is pointed at, and the process
stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fakes.discord_api import DiscordApiServer
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401
from tests.sdks import TELEGRAM, installed

PORTFOLIOBOT = str(Path(sys.executable).with_name("portfoliobot"))


async def test_run_starts_discord_beside_telegram(
    telegram_api: TelegramApiServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    assert installed(TELEGRAM)
    async with DiscordApiServer.running() as discord_api:
        env = {
            **os.environ,
            "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data"),
            "PORTFOLIOBOT_TELEGRAM_TOKEN": telegram_api.token,
            "PORTFOLIOBOT_TELEGRAM_API_URL": telegram_api.base_url.removesuffix("/bot"),
            "PORTFOLIOBOT_TELEGRAM_POLL_TIMEOUT": "1",
            "PORTFOLIOBOT_DISCORD_TOKEN": discord_api.token,
            "PORTFOLIOBOT_DISCORD_API_URL": discord_api.rest_url,
            "PORTFOLIOBOT_DISCORD_GATEWAY_URL": discord_api.gateway_url,
            "PORTFOLIOBOT_DISCORD_GUILD_READY_TIMEOUT": "0.05",
        }
        env.pop("PORTFOLIOBOT_DATABASE_URL", None)
        process = await asyncio.create_subprocess_exec(
            PORTFOLIOBOT,
            "run",
            "--db",
            f"sqlite:///{tmp_path / 'portfolio.sqlite3'}",
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await discord_api.wait_until(
                lambda: discord_api.gateway.identifies == 1, timeout=30, what="IDENTIFY"
            )
            anna = discord_api.create_user("Anna")
            done = await discord_api.answered(
                await discord_api.run_command(anna, "log", {"what": "1u intervisie"}), 15
            )
            assert done.original is not None and "Intervisie" in done.original.text
            ben = telegram_api.create_user("Ben")
            telegram_api.user_sends(ben, None, "/log 1u lesbezoek")
            (reply,) = await telegram_api.wait_for_sent(ben, 1, timeout=15)
            assert "Lesbezoek" in (reply.plain_text or "")
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    text = stderr.decode()
    assert "adapters: telegram, discord" in text and "Traceback" not in text
    assert discord_api.state.syncs == [None]
