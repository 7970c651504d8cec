"""`portfoliobot run` as a real process: with a homeserver and the bot's credentials it
starts the Matrix adapter, logs in with the password (one device, kept across restarts),
sets up cross-signing and shows the recovery key once, answers a member's encrypted DM,
and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fakes.matrix_clients import running
from tests.fakes.synapse import Synapse

PORTFOLIOBOT = str(Path(sys.executable).with_name("portfoliobot"))


async def _run(env: dict[str, str], tmp_path: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        PORTFOLIOBOT,
        "run",
        "--db",
        f"sqlite:///{tmp_path / 'portfolio.sqlite3'}",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _started(process: asyncio.subprocess.Process) -> str:
    """Its output up to the line that says it runs (a slow machine takes a while)."""
    assert process.stderr is not None
    lines: list[str] = []
    while not lines or "adapters:" not in lines[-1]:
        line = await asyncio.wait_for(process.stderr.readline(), 60)
        assert line, "".join(lines)
        lines.append(line.decode())
    return "".join(lines)


async def _stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    return stderr.decode()


async def test_run_starts_matrix_from_the_environment(synapse: Synapse, tmp_path: Path) -> None:
    bot = synapse.register()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTFOLIOBOT_")}
    env |= {
        "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data"),
        "PORTFOLIOBOT_MATRIX_HOMESERVER": synapse.url,
        "PORTFOLIOBOT_MATRIX_USER_ID": bot.user_id,
        "PORTFOLIOBOT_MATRIX_PASSWORD": bot.password,
    }
    process = await _run(env, tmp_path)
    try:
        async with running(synapse.url, synapse.register(), encryption=True) as anna:
            room = await anna.dm(bot.user_id, encrypted=True)
            for _ in range(600):  # the bot joins when its sync sees the invite
                if bot.user_id in await anna.client.get_joined_members(room):
                    break
                await asyncio.sleep(0.05)
            await anna.say(room, "!log 1u intervisie over feedback")
            reply = await asyncio.wait_for(anna.wait_for(lambda m: m.sender == bot.user_id), 30)
            assert "Intervisie over feedback" in reply.body
    finally:
        first = await _stop(process)
    assert "adapters: matrix" in first and "Traceback" not in first
    assert "shown only this once" in first  # the recovery key, on the first start
    # A second start: the same device (no new login), no new recovery key.
    process = await _run(env, tmp_path)
    second = await _started(process)
    second += await _stop(process)
    assert "adapters: matrix" in second and "shown only this once" not in second
    devices = await _devices(synapse, bot.access_token)
    assert len(devices) == 2  # the registration's and the bot's own, not one per start


async def _devices(synapse: Synapse, token: str) -> list[str]:
    import json
    import urllib.request

    request = urllib.request.Request(
        f"{synapse.url}/_matrix/client/v3/devices", headers={"Authorization": f"Bearer {token}"}
    )
    body = await asyncio.to_thread(lambda: urllib.request.urlopen(request, timeout=10).read())
    return [d["device_id"] for d in json.loads(body)["devices"]]
