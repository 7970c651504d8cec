"""Running the real `portfoliobot` command in the e2e tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PORTFOLIOBOT = str(Path(sys.executable).with_name("portfoliobot"))


def chat_session(
    store_url: str,
    env: dict[str, str],
    lines: tuple[str, ...],
    *,
    user: str,
    group: str | None = None,
    moderator: bool = False,
) -> str:
    """One `portfoliobot chat` run with `lines` as its input; what it printed."""
    args = [PORTFOLIOBOT, "chat", "--as", user, "--db", store_url]
    if group:
        args += ["--in", group]
    if moderator:
        args.append("--moderator")
    done = subprocess.run(
        args,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout
