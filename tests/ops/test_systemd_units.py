"""The unit files in deploy/ pass `systemd-analyze verify` (systemd is part of the test
setup, see scripts/test), and say what the README promises: a dedicated user, restart on
failure, a strict read-only system with only the data directory writable, readiness by
notification, a nightly backup that keeps a week of copies."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = ("portfoliobot.service", "portfoliobot-backup.service", "portfoliobot-backup.timer")
INSTALLED = "/opt/portfoliobot/.venv/bin/portfoliobot"
PORTFOLIOBOT = str(Path(sys.executable).with_name("portfoliobot"))


def _systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found is None:
        reason = "systemd-analyze is missing: apt-get install systemd (scripts/test does)"
        if "CI" in os.environ:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep key case
    parser.read(DEPLOY / name)
    return parser


def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = _systemd_analyze()
    # verify insists that ExecStart exists: point it at this checkout's executable.
    for name in UNITS:
        text = (DEPLOY / name).read_text()
        (tmp_path / name).write_text(text.replace(INSTALLED, PORTFOLIOBOT))
    done = subprocess.run(
        [analyze, "verify", *UNITS],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr  # no warnings (unknown keys, typos)


def test_verify_would_catch_a_typo(tmp_path: Path) -> None:
    analyze = _systemd_analyze()
    text = (DEPLOY / "portfoliobot.service").read_text().replace(INSTALLED, PORTFOLIOBOT)
    (tmp_path / "portfoliobot.service").write_text(text.replace("ProtectSystem", "ProtectSistem"))
    done = subprocess.run(
        [analyze, "verify", "portfoliobot.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "ProtectSistem" in done.stderr


def test_the_service_is_hardened_and_notifies() -> None:
    service = _unit("portfoliobot.service")["Service"]
    assert service["Type"] == "notify"
    assert service["User"] == "portfoliobot"
    assert service["Restart"] == "on-failure"
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"] == "/var/lib/portfoliobot"
    assert service["ExecStart"] == f"{INSTALLED} run"
    assert service["NoNewPrivileges"] == "true"


def test_the_backup_runs_nightly_and_keeps_a_week() -> None:
    backup = _unit("portfoliobot-backup.service")["Service"]
    assert backup["ExecStart"] == f"{INSTALLED} backup --keep 7"
    timer = _unit("portfoliobot-backup.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* 03:15:00"
    assert timer["Persistent"] == "true"
