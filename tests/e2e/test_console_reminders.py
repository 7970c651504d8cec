"""A reminder arrives in the console as a `[DM]` line while the chat is still open."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

PORTFOLIOBOT = str(Path(sys.executable).with_name("portfoliobot"))


def _read_until(process: subprocess.Popen[str], wanted: str, timeout: float) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if wanted in line:
            return lines
    raise AssertionError(f"{wanted!r} did not arrive; got {lines}")


def test_a_reminder_over_5_seconds_is_printed_while_the_chat_is_open(
    store_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)
    with subprocess.Popen(
        [PORTFOLIOBOT, "chat", "--as", "alice", "--db", store_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        _converse(process)


def _converse(process: subprocess.Popen[str]) -> None:
    try:
        assert process.stdin is not None
        started = time.monotonic()
        process.stdin.write("/herinner over 5 seconden water drinken\n")
        process.stdin.flush()
        confirmed = _read_until(process, "Al je herinneringen", timeout=30)
        assert "⏰ Herinnering #1 staat klaar: water drinken" in confirmed
        # stdin stays open: the chat is still going on when the reminder arrives.
        delivered = _read_until(process, "[DM] ⏰ Herinnering: water drinken", timeout=30)
        waited = time.monotonic() - started
        assert 4.0 <= waited < 15, waited
        buttons = _read_until(process, "[DM]   4. Klaar", timeout=5)
        assert "[DM]   1. Over 1 uur" in buttons
        assert delivered[-1] == "[DM] ⏰ Herinnering: water drinken"
        process.stdin.write("1\n")  # snooze an hour, by number
        process.stdin.flush()
        snoozed = _read_until(process, "opnieuw aan: water drinken", timeout=30)
        assert snoozed[-1].startswith("💤 Ik herinner je")
        process.stdin.close()
        assert process.wait(timeout=30) == 0
        assert process.stderr is not None
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
