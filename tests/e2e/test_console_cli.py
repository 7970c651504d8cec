"""User stories through `portfoliobot chat` as a subprocess, as a teacher would type them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from storage.migrate import head_revision
from tests.e2e.cli import PORTFOLIOBOT, chat_session


@pytest.fixture
def chat(store_url: str, tmp_path: Path):
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)

    def run(*lines: str, user: str = "alice", group: str | None = None, moderator: bool = False):
        return chat_session(store_url, env, lines, user=user, group=group, moderator=moderator)

    return run


def test_alice_logs_in_the_staff_room_and_bob_cannot_see_it(chat) -> None:
    out = chat("/log 2u lesson study rekenen gisteren", group="lerarenkamer")
    lines = out.splitlines()
    assert lines[0] == "✓ Genoteerd — de details staan in je privéchat."
    assert all(line.startswith("[DM] ") for line in lines[1:])
    assert "[DM] #1 Lesson study rekenen" in out
    mine = chat("/activiteiten")
    assert "Lesson study rekenen" in mine
    assert "[DM]" not in mine  # in the private chat nothing needs a prefix
    bobs = chat("/activiteiten", user="bob", group="lerarenkamer")
    assert "Lesson study" not in bobs
    assert "nog geen activiteiten" in bobs


def test_choices_are_numbered_and_answered_by_number_or_label(chat) -> None:
    out = chat("/log webinar formatief evalueren", "2")
    assert "  1. 30 min" in out and "  5. hele dag" in out
    assert "1 u · webinar" in out
    out = chat("/log intervisie sectie", "halve dag", group="kamer")
    assert "[DM]   4. halve dag" in out
    assert "[DM] ✓ Genoteerd in je portfolio:" in out


def test_a_private_question_from_a_group_is_answered_privately(chat) -> None:
    out = chat("/reflectie", group="kamer")
    assert "Je hebt nog niets genoteerd" in out
    out = chat("/log 1u intervisie", "/reflectie", "Ik geef vaker feedforward.", group="kamer")
    assert "[DM] 📝 Reflectie bewaard bij #1" in out


def test_export_writes_a_file_and_prints_its_path(chat, tmp_path: Path) -> None:
    out = chat("/log 1u intervisie gisteren", "/export json")
    path = Path(out.strip().splitlines()[-1].removeprefix("📎 "))
    assert path.is_file() and path.parent == (tmp_path / "data" / "exports").resolve()
    document = json.loads(path.read_text("utf-8"))
    assert document["activities"][0]["kind"] == "intervision"


def test_separate_invocations_share_one_store(chat) -> None:
    chat("/doel Meer collegiale consultatie voor eind van het schooljaar")
    out = chat("/log 1u lesbezoek bij Sam doel 1", "/doelen")
    assert "1 activiteit, 1 u" in out


def test_help_and_version(chat) -> None:
    for args in (
        ["--help"],
        ["chat", "--help"],
        ["run", "--help"],
        ["db", "--help"],
        ["db", "upgrade", "--help"],
    ):
        done = subprocess.run([PORTFOLIOBOT, *args], capture_output=True, text=True)
        assert done.returncode == 0 and "Usage:" in done.stdout
    done = subprocess.run([PORTFOLIOBOT, "--version"], capture_output=True, text=True)
    assert done.stdout.strip() == "portfoliobot, version 0.1.0"


def test_db_upgrade_and_a_bad_url(store_url: str) -> None:
    done = subprocess.run(
        [PORTFOLIOBOT, "db", "upgrade", "--db", store_url], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"schema upgraded: {head_revision()}" in done.stdout  # the newest migration
    done = subprocess.run(
        [PORTFOLIOBOT, "chat", "--db", "mysql://nope"], input="", capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "mysql" in done.stderr


def test_run_stops_cleanly_on_sigterm(store_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path)}
    with subprocess.Popen(
        [PORTFOLIOBOT, "run", "--db", store_url],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as process:
        assert process.stderr is not None
        assert "portfoliobot draait" in process.stderr.readline()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        rest = process.stderr.read()
    assert "portfoliobot gestopt." in rest and "Traceback" not in rest
