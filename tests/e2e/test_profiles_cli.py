"""Profiles, sharing and expertise search through `portfoliobot chat` on both stores:
alice fills in her profile in the staff-room group (the group sees only acknowledgements),
shares her expertise with everyone, and bob, a stranger, finds her by a compound and sees
only what she shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.cli import chat_session

SECRET_BIO = "Geheimbio Kievit"


@pytest.fixture
def chat(store_url: str, tmp_path: Path):
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)

    def run(*lines: str, user: str, group: str | None = None) -> str:
        return chat_session(store_url, env, lines, user=user, group=group)

    return run


def _group_lines(out: str) -> str:
    return "\n".join(line for line in out.splitlines() if not line.startswith("[DM]"))


def test_profile_share_and_find(chat) -> None:
    out = chat(
        "/profiel expertise curriculumontwikkeling maatschappijvakken",
        "/profiel school De Linde",
        f"/profiel bio {SECRET_BIO}",
        "/delen expertise openbaar",
        "/profiel",
        "/delen",
        user="alice",
        group="kamer",
    )
    group = _group_lines(out)
    for secret in (SECRET_BIO, "De Linde", "curriculumontwikkeling", "openbaar"):
        assert secret not in group
    assert "bio: Geheimbio Kievit — privé" in out  # in alice's private chat
    found = chat("/zoek ontwikkeling maatschappijvak", user="bob")
    assert "1. alice — ontwikkeling, maatschappijvak" in found
    assert "De Linde" not in found and SECRET_BIO not in found
    seen = chat("/profiel @alice", user="bob")
    assert "expertise: curriculumontwikkeling maatschappijvakken" in seen
    assert "De Linde" not in seen and SECRET_BIO not in seen
    nobody = chat("/profiel @carol", user="bob")
    assert "niemand met die naam die iets met je deelt" in nobody
    assert "alice" not in chat("/zoek curriculum", user="alice").split("🔎")[-1]
