"""Own your data from the terminal: a PDF and a JSON file on disk, `/importeer PATH` in
`portfoliobot chat`, and `portfoliobot import FILE --member` for admins."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from storage import upgrade_schema
from tests.conftest import run_isolated
from tests.e2e.cli import PORTFOLIOBOT, chat_session


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)
    return env


def saved_file(out: str, suffix: str) -> Path:
    (line,) = [
        line for line in out.splitlines() if line.startswith("📎") and line.endswith(suffix)
    ]
    return Path(line.removeprefix("📎 "))


def test_alice_exports_forgets_and_restores_her_portfolio(
    store_url: str, env: dict[str, str], tmp_path: Path
) -> None:
    out = chat_session(
        store_url,
        env,
        ("/log 2u lesson study rekenen gisteren", "/export pdf", "/export json"),
        user="alice",
    )
    assert saved_file(out, ".pdf").read_bytes().startswith(b"%PDF")
    exported = saved_file(out, ".json")
    gone = chat_session(store_url, env, ("/vergeet", "1", "/activiteiten"), user="alice")
    assert "🗑️ Gewist:" in gone and "nog geen activiteiten" in gone
    back = chat_session(store_url, env, (f"/importeer {exported}", "/activiteiten"), user="alice")
    assert "Teruggezet — activiteiten: 1, doelen: 0." in back
    assert "Lesson study rekenen" in back


def test_an_admin_restores_a_member_into_a_fresh_store(
    store_url: str, env: dict[str, str], tmp_path: Path
) -> None:
    out = chat_session(store_url, env, ("/log 1u intervisie", "/export json"), user="bea")
    exported = saved_file(out, ".json")
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    run_isolated(upgrade_schema(fresh))

    def restore(member: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PORTFOLIOBOT, "import", str(exported), "--member", member, "--db", fresh],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    first = restore("console:bea")
    assert first.returncode == 0, first.stderr
    assert "activiteiten: 1, doelen: 0, al aanwezig: 0" in first.stdout
    assert "al aanwezig: 1" in restore("console:bea").stdout
    refused = restore("console:mallory")
    assert refused.returncode != 0
    assert "hoort bij iemand anders" in refused.stderr and "Traceback" not in refused.stderr
    listing = chat_session(fresh, env, ("/activiteiten",), user="bea")
    assert "Intervisie" in listing
    assert json.loads(exported.read_text())["member"]["accounts"] == [
        {"platform": "console", "user_id": "bea"}
    ]
