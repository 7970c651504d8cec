"""Group acknowledgements are true, through `portfoliobot chat` on both stores: the group
line says what happened — a question waits, something was noted or changed, or only an
answer was sent — never a change that did not happen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.cli import chat_session

QUESTION = "❓ Er wacht een vraag op je in je privéchat."
NOTED = "✓ Genoteerd — de details staan in je privéchat."
CHANGED = "✓ Aangepast — zie je privéchat."
ANSWERED = "✓ Ik heb je een privébericht gestuurd."


@pytest.fixture
def chat(store_url: str, tmp_path: Path):
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)

    def run(*lines: str) -> list[str]:
        out = chat_session(store_url, env, lines, user="alice", group="kamer")
        return [line for line in out.splitlines() if not line.startswith("[DM]")]

    return run


def test_the_group_line_says_what_happened(chat) -> None:
    # /log without a duration only asks: nothing is noted yet.
    assert chat("/log burn-out coaching") == [QUESTION]
    assert chat("/log 1u burn-out coaching") == [NOTED]
    # /bewerk of a number that does not exist changes nothing.
    assert chat("/bewerk 99 2 uur") == [ANSWERED]
    assert chat("/bewerk 1 2 uur") == [CHANGED]
    # Commands that only show something claim no change.
    assert chat("/tijdzone") == [ANSWERED]
    assert chat("/rusttijd") == [ANSWERED]
    assert chat("/herinneringen") == [ANSWERED]
    assert chat("/steuntjes") == [ANSWERED]
    assert chat("/rusttijd uit") == [CHANGED]
