"""Logs: one line per event, plain or JSON, and never a message's text or a member's name
at INFO or above — checked on the logs of a whole story run through `portfoliobot chat`."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
from pathlib import Path

import pytest

from adapters.ops.http import ListenError, parse_listen
from adapters.ops.logs import JsonFormatter, PlainFormatter
from adapters.ops.systemd import notify
from tests.ops.running import PORTFOLIOBOT, bot_env

PRIVATE = (
    "Annelies",
    "Bartholomeus",
    "Zuiderzeewerken",
    "Kwispelstaart",
    "Flapdrollen",
    "Knikkerbaan",
    "Pindakaasvloer",
    "Pannenkoekje",
    "Hottentottententen",
)


def chat(env: dict[str, str], cwd: Path, user: str, lines: list[str], group: str = "") -> str:
    args = [PORTFOLIOBOT, "chat", "--as", user]
    if group:
        args += ["--in", group]
    done = subprocess.run(
        args,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.parametrize("log_format", ["plain", "json"])
def test_a_story_logs_no_text_and_no_name_at_info(tmp_path: Path, log_format: str) -> None:
    env = bot_env(
        tmp_path, None, PORTFOLIOBOT_LOG_LEVEL="INFO", PORTFOLIOBOT_LOG_FORMAT=log_format
    )
    logs = chat(
        env,
        tmp_path,
        "Annelies",
        [
            "/log 2u intervisie over Zuiderzeewerken gisteren",
            "/doel Kwispelstaart-didactiek in de onderbouw",
            "/reflectie 1 Ik ga vaker Flapdrollen gebruiken",
            "/herinner morgen om 9:00 Knikkerbaan bijwerken",
            "/bewerk 1 3 uur",
            "/bewerk 7 Pannenkoekje",
            "/export",
            "zomaar tekst over de Pindakaasvloer",
            "/Pannenkoekje",
            "/log",
            "1",
        ],
    )
    logs += chat(
        env,
        tmp_path,
        "Bartholomeus",
        ["/log 1u webinar Hottentottententen", "Hottentottententen!"],
        group="sectie-nederlands",
    )
    lines = [line for line in logs.splitlines() if line.strip()]
    assert any(" INFO " in line or '"INFO"' in line for line in lines)  # INFO is on
    for private in PRIVATE:
        assert private not in logs, private
    if log_format == "json":
        assert all(json.loads(line)["level"] for line in lines)


def _record(exc: bool) -> logging.LogRecord:
    try:
        raise ValueError("boom\nwith a second line")
    except ValueError:
        import sys

        info = sys.exc_info() if exc else None
    return logging.LogRecord(
        "bot.x", logging.ERROR, __file__, 1, "handling %s failed", ("m1",), info
    )


def test_plain_logs_keep_an_event_with_its_traceback_on_one_line() -> None:
    line = PlainFormatter().format(_record(exc=True))
    assert "\n" not in line
    assert " ERROR bot.x: handling m1 failed | Traceback (most recent call last):" in line
    assert "ValueError: boom\\nwith a second line" in line


def test_json_logs_are_one_object_per_line() -> None:
    line = JsonFormatter().format(_record(exc=True))
    assert "\n" not in line
    event = json.loads(line)
    assert (event["level"], event["logger"], event["message"]) == (
        "ERROR",
        "bot.x",
        "handling m1 failed",
    )
    assert event["exception"].endswith("ValueError: boom\nwith a second line")
    assert event["time"].endswith("+00:00")


def test_sd_notify_sends_one_datagram(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert notify("READY=1") is False  # not under systemd: nothing to do
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(tmp_path / "n"))
        monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "n"))
        assert notify("READY=1", "STATUS=running") is True
        assert listener.recv(1024) == b"READY=1\nSTATUS=running"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        name = f"portfoliobot-test-{os.getpid()}"
        listener.bind("\0" + name)  # systemd may hand out an abstract socket: @name
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert notify("STOPPING=1") is True
        assert listener.recv(1024) == b"STOPPING=1"
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone"))
    assert notify("READY=1") is False  # logged, never raised


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("127.0.0.1:9464", ("127.0.0.1", 9464)),
        ("[::1]:9464", ("::1", 9464)),
        (":9464", ("0.0.0.0", 9464)),
    ],
)
def test_listen_addresses(value: str, expected: tuple[str, int]) -> None:
    assert parse_listen(value) == expected


@pytest.mark.parametrize("value", ["9464", "localhost", "127.0.0.1:http", "127.0.0.1:70000"])
def test_a_bad_listen_address_is_explained(value: str) -> None:
    with pytest.raises(ListenError, match=re.escape("write host:port, e.g. 127.0.0.1:9464")):
        parse_listen(value)


def test_a_busy_or_bad_listen_address_stops_the_start_with_advice(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for listen, advice in (
            (f"127.0.0.1:{port}", "cannot listen there (error while attempting to bind"),
            ("9464", "write host:port, e.g. 127.0.0.1:9464"),
        ):
            env = bot_env(tmp_path, None, PORTFOLIOBOT_HTTP_LISTEN=listen)
            done = subprocess.run(
                [PORTFOLIOBOT, "run"],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 1
            assert "Error: PORTFOLIOBOT_HTTP_LISTEN=" in done.stderr
            assert advice in done.stderr and "Traceback" not in done.stderr
