"""The platform SDKs are optional extras: with every one of them made unimportable, the
core, the console and `portfoliobot chat` work, and `portfoliobot run` with Telegram
configured stops before starting anything and says exactly what to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SDKS = ("telegram", "discord", "nio", "mautrix")

# Runs in a fresh interpreter: a meta-path finder makes the SDKs unimportable, as on a
# machine where only the core was installed, then runs the given code.
_BLOCKER = f"""
import sys

class NoPlatformSdks:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {SDKS!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, NoPlatformSdks())
"""


def _python(
    code: str, tmp_path: Path, *, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
        **env,
    }
    for name in ("PORTFOLIOBOT_DATABASE_URL", "PORTFOLIOBOT_TELEGRAM_TOKEN"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", _BLOCKER + code],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
        check=False,
    )


def test_the_blocker_really_blocks(tmp_path: Path) -> None:
    done = _python("import telegram", tmp_path)
    assert done.returncode == 1 and "No module named 'telegram'" in done.stderr


def test_core_and_console_import_and_chat_without_any_sdk(tmp_path: Path) -> None:
    code = """
import importlib, pkgutil
import bot, storage
for package in (bot, storage):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
import adapters.console.adapter, adapters.console.channel, adapters.runtime, adapters.cli
import tests.contract.drivers, tests.fakes.telegram_api, tests.fakes.telegram_fixture
sys.argv = ["portfoliobot", "chat", "--as", "anna"]
from adapters.cli import main
main()
"""
    done = _python(code, tmp_path, stdin="/log 1u intervisie over feedback\n/activiteiten\n")
    assert done.returncode == 0, done.stderr
    assert "Intervisie over feedback" in done.stdout
    assert "Traceback" not in done.stderr


def test_run_with_telegram_configured_says_what_to_install(tmp_path: Path) -> None:
    code = """
sys.argv = ["portfoliobot", "run"]
from adapters.cli import main
main()
"""
    done = _python(code, tmp_path, PORTFOLIOBOT_TELEGRAM_TOKEN="123:abc")
    assert done.returncode == 1
    assert "pip install 'portfoliobot[telegram]'" in done.stderr
    assert "PORTFOLIOBOT_TELEGRAM_TOKEN" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists()  # stopped before opening the store
