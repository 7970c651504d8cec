"""Discord is an optional extra too: without discord.py, `portfoliobot run` with a Discord
token stops before starting anything and says what to install; the Discord test helpers
that the core's tests may import (the loopback Discord) need no discord.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.e2e.test_without_platform_sdks import _python

if TYPE_CHECKING:
    from pathlib import Path


def test_run_with_discord_configured_says_what_to_install(tmp_path: Path) -> None:
    code = """
import tests.fakes.discord_api, tests.fakes.discord_markdown, adapters.discord.config
sys.argv = ["portfoliobot", "run"]
from adapters.cli import main
main()
"""
    done = _python(code, tmp_path, PORTFOLIOBOT_DISCORD_TOKEN="abc.def")
    assert done.returncode == 1
    assert "pip install 'portfoliobot[discord]'" in done.stderr
    assert "PORTFOLIOBOT_DISCORD_TOKEN" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists()  # stopped before opening the store
