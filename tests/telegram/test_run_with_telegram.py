"""`portfoliobot run` as a real process: with a token it starts the Telegram adapter,
answers through the Bot API it is pointed at, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401

PORTFOLIOBOT = str(Path(sys.executable).with_name("portfoliobot"))


async def test_run_starts_telegram_from_the_environment(
    telegram_api: TelegramApiServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data"),
        "PORTFOLIOBOT_TELEGRAM_TOKEN": telegram_api.token,
        "PORTFOLIOBOT_TELEGRAM_API_URL": telegram_api.base_url.removesuffix("/bot"),
        "PORTFOLIOBOT_TELEGRAM_POLL_TIMEOUT": "1",
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
        anna = telegram_api.create_user("Anna")
        await telegram_api.wait_until(
            lambda: bool(telegram_api.commands("all_private_chats")),
            timeout=30,
            what="the command menu",
        )
        telegram_api.user_sends(anna, None, "/log 1u intervisie over feedback")
        (reply,) = await telegram_api.wait_for_sent(anna, 1, timeout=15)
        assert "Intervisie over feedback" in (reply.plain_text or "")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    text = stderr.decode()
    assert "adapters: telegram" in text and "Traceback" not in text
    assert not telegram_api.pending_update_ids  # the offset was confirmed before exiting
