"""The moderator attack, through `portfoliobot chat` on both stores: a member who makes a
group of their own (and so is its administrator) tries every moderator command on another
community's reviews, rounds and suggestions. Each is refused or scoped to their own group.
Operators (PORTFOLIOBOT_ADMINS) moderate the whole catalogue."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.cli import PORTFOLIOBOT, chat_session

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "catalogus-voorbeeld.csv"


@pytest.fixture
def chat(store_url: str, tmp_path: Path):
    env = {
        **os.environ,
        "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data"),
        "PORTFOLIOBOT_ADMINS": "console:olga",
    }
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)
    done = subprocess.run(
        [PORTFOLIOBOT, "catalog", "import", str(EXAMPLE), "--db", store_url],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    def run(*lines: str, user: str, group: str | None = None, moderator: bool = False) -> str:
        return chat_session(store_url, env, lines, user=user, group=group, moderator=moderator)

    return run


def test_an_administrator_of_their_own_group_cannot_moderate_another(chat) -> None:
    # The community "kamer": alice reviews, bob reports it there, mo starts a round.
    chat("/beoordeel rekenen 3f 2 Saai en te theoretisch.", user="alice", group="kamer")
    card = chat("/cursus rekenen 3F", user="dave")
    review = card.split("Saai en te theoretisch.")[0].rsplit("#", 1)[1].split(" ")[0]
    chat(f"/meld {review} onterecht negatief", user="bob", group="kamer")
    chat("/reviewronde start feedback", user="mo", group="kamer", moderator=True)
    chat("/suggestie Rekenen in de onderbouw", user="zoe")

    # mallory administers a group of her own, "eigen", and tries everything from there.
    out = chat(
        f"/verberg {review} weg ermee",
        "/moderatielog",
        "/reviewronde sluit",
        "/suggesties",
        "/goedkeuren 1",
        "/afwijzen 1 nee",
        user="mallory",
        group="eigen",
        moderator=True,
    )
    assert f"Beoordeling #{review} kun je hier niet modereren" in out
    assert "Het moderatielogboek is nog leeg." in out  # not kamer's, not bob's report
    assert "Bob" not in out and "bob" not in out and "onterecht" not in out
    assert "Er loopt nu geen reviewronde in deze groep." in out
    assert out.count("alleen de beheerders van deze bot") == 3
    # … and privately, where no group backs her.
    out = chat(f"/verberg {review}", "/moderatielog", user="mallory")
    assert out.count("in het groepsgesprek dat ze modereren") == 2
    # In kamer itself she is no moderator.
    out = chat(f"/verberg {review}", "/reviewronde sluit", user="mallory", group="kamer")
    assert out.count("alleen moderatoren van deze groep") == 2

    # Nothing happened to kamer's things.
    assert "Saai en te theoretisch." in chat("/cursus rekenen 3F", user="dave")
    assert "Reviewronde: Feedback die werkt" in chat("/reviewronde", user="alice", group="kamer")
    assert "Rekenen in de onderbouw" in chat("/suggesties", user="olga")

    # kamer's moderator acts on a kamer member's review and sees kamer's report.
    out = chat(
        f"/verberg {review} ongepast", "/moderatielog", user="mo", group="kamer", moderator=True
    )
    assert f"Beoordeling #{review} is verborgen." in out
    assert "gemeld" in out and "onterecht negatief" in out
    # mallory cannot undo it from her group; the operator can, from anywhere.
    out = chat(f"/toon {review}", user="mallory", group="eigen", moderator=True)
    assert "kun je hier niet modereren" in out
    out = chat(f"/toon {review}", "/moderatielog", user="olga")
    assert f"Beoordeling #{review} is weer zichtbaar." in out
    assert "mo @ kamer" in out  # the audit log says who did what, where
    assert "Saai en te theoretisch." in chat("/cursus rekenen 3F", user="dave")
