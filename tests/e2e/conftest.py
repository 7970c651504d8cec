"""Shared fixtures of the e2e tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.cli import chat_session


@pytest.fixture
def chat(store_url: str, tmp_path: Path) -> Callable[..., str]:
    """`chat(*lines, user=..., group=...)`: one `portfoliobot chat` run on the test's store
    (the data directory is the test's own); what it printed."""
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)

    def run(*lines: str, user: str, group: str | None = None) -> str:
        return chat_session(store_url, env, lines, user=user, group=group)

    return run
