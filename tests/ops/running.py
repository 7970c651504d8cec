"""`portfoliobot run` as a real process for the ops tests: environment, a free port for
the HTTP endpoint, a notify socket standing in for systemd, and an HTTP getter."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tests.fakes.telegram_api import TelegramApiServer

PORTFOLIOBOT = str(Path(sys.executable).with_name("portfoliobot"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(tmp_path: Path, api: TelegramApiServer | None, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PORTFOLIOBOT_") and key != "NOTIFY_SOCKET"
    }
    env["PORTFOLIOBOT_DATA_DIR"] = str(tmp_path / "data")
    env["PORTFOLIOBOT_LOG_LEVEL"] = os.environ.get("DEBUG_BOT_LOG", "WARNING")
    if api is not None:
        env["PORTFOLIOBOT_TELEGRAM_TOKEN"] = api.token
        env["PORTFOLIOBOT_TELEGRAM_API_URL"] = api.base_url.removesuffix("/bot")
        env["PORTFOLIOBOT_TELEGRAM_POLL_TIMEOUT"] = "1"
    env.update(extra)
    return env


class NotifySocket:
    """What systemd listens on for sd_notify datagrams."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "notify.sock"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.path))
        self.sock.setblocking(False)
        self.received: list[str] = []

    async def wait_for(self, state: str, within: float) -> None:
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(within):
            while not any(state in message.split("\n") for message in self.received):
                data = await loop.sock_recv(self.sock, 4096)
                self.received.append(data.decode())

    def close(self) -> None:
        self.sock.close()


@asynccontextmanager
async def bot_process(
    env: dict[str, str], cwd: Path, *args: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    process = await asyncio.create_subprocess_exec(
        PORTFOLIOBOT,
        "run",
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def stop(process: asyncio.subprocess.Process) -> str:
    """SIGTERM, then the exit; stderr as text."""
    process.terminate()
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    return stderr.decode()


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def wait_for_status(url: str, status: int, within: float) -> str:
    """Poll `url` until it answers `status`; that answer's body."""
    last: tuple[int, str] | None = None
    async with asyncio.timeout(within):
        while True:
            try:
                last = await get(url)
            except aiohttp.ClientError:
                last = None
            if last is not None and last[0] == status:
                return last[1]
            await asyncio.sleep(0.05)
