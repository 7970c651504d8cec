"""Catalogue and review-round stories through `portfoliobot catalog import` and
`portfoliobot chat`: several members, one group, separate invocations on one store."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.cli import PORTFOLIOBOT, chat_session

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "catalogus-voorbeeld.csv"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)
    return env


@pytest.fixture
def chat(store_url: str, env: dict[str, str]):
    done = subprocess.run(
        [PORTFOLIOBOT, "catalog", "import", str(EXAMPLE), "--db", store_url],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "8 toegevoegd, 0 bijgewerkt, 0 afgewezen" in done.stdout

    def run(*lines: str, user: str, moderator: bool = False) -> str:
        return chat_session(store_url, env, lines, user=user, group="kamer", moderator=moderator)

    return run


def test_a_review_round_from_start_to_summary_and_chart(chat, tmp_path: Path) -> None:
    chat("/log 2u cursus coachend lesgeven", user="erin")
    out = chat("/reviewronde start coachnd lesgeven 2 dagen", user="mo", moderator=True)
    assert "Reviewronde: Coachend lesgeven" in out
    # erin is asked privately, through the outbox; the group hears nothing of it
    assert "vergelijkbaars" not in out.split("[DM]")[0] and " lid" not in out
    refused = chat("/reviewronde sluit", user="bob")
    assert "alleen moderatoren" in refused
    out = chat(
        "/reviewronde", "5", "toon mijn naam", "Heel praktisch, direct toepasbaar.", user="alice"
    )
    assert "[DM] ✓ Beoordeling bewaard: ★★★★★" in out
    assert "anoniem, tenzij je hieronder kiest voor je naam" in out
    assert "staat nu op je naam" in out
    assert "[DM] ✓ Je toelichting bij Coachend lesgeven is bewaard." in out
    out = chat("/reviewronde", "3", "zo laten", user="bob")
    assert "Anderen zien hem als van „een collega”" in out  # a round's default
    out = chat("/reviewronde", "4", "zo laten", user="carol")
    assert "Tot nu toe 2 antwoorden." in out
    assert "Reviewronde gesloten" not in out
    # The moderator closes it (the deadline path runs on a fixed clock in
    # tests/integration/test_chat_catalogue.py); the summary follows before chat exits.
    out = chat("/reviewronde sluit", user="mo", moderator=True)
    assert "[#kamer] 📊 Reviewronde gesloten: Coachend lesgeven" in out
    assert "[#kamer] 3 beoordelingen, gemiddeld ★ 4,0" in out
    assert "[#kamer] Verdeling: 1★ 0 · 2★ 0 · 3★ 1 · 4★ 1 · 5★ 1" in out
    assert "„Heel praktisch, direct toepasbaar.” — alice" in out
    assert "bob" not in out  # anonymous: "een collega", never the name
    chart = Path(out.split("[#kamer] 📎 ")[1].splitlines()[0])
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The summary is posted once, not again by the next invocation.
    assert "Reviewronde gesloten" not in chat("/top", user="dave")


def test_a_moderator_closes_a_round_early(chat) -> None:
    chat("/reviewronde start formatief evalueren", user="mo", moderator=True)
    chat("/reviewronde", "2", "zo laten", user="alice")
    out = chat("/reviewronde sluit", user="mo", moderator=True)
    assert "Reviewronde gesloten: Formatief evalueren in de praktijk" in out
    assert "1 beoordeling, gemiddeld ★ 2,0" in out and "📎 " in out
    assert "Er loopt nu geen reviewronde" in chat("/reviewronde status", user="alice")


def test_a_flagged_review_hidden_by_a_moderator_disappears(chat) -> None:
    chat("/beoordeel rekenen 3f 1 KOOP NU GOEDKOPE HORLOGES", user="spam")
    chat("/beoordeel rekenen 3f 4 Goede oefenstof.", user="alice")
    out = chat("/cursus rekenen 3F", user="bob")
    assert "HORLOGES" in out and "★ 2,5 uit 5 (2 beoordelingen)" in out
    review_id = out.split("HORLOGES")[0].rsplit("#", 1)[1].split(" ")[0]
    assert "Dank je" in chat(f"/meld {review_id} reclame", user="bob")
    assert "alleen moderatoren" in chat(f"/verberg {review_id}", user="bob")
    out = chat(f"/verberg {review_id} reclame", "/moderatielog", user="mo", moderator=True)
    assert f"Beoordeling #{review_id} is verborgen." in out
    assert "verborgen · #" in out and "gemeld · #" in out
    out = chat("/cursus rekenen 3F", user="bob")
    assert "HORLOGES" not in out and "★ 4,0 uit 5 (1 beoordeling)" in out
    out = chat(f"/toon {review_id}", "/cursus rekenen", user="mo", moderator=True)
    assert "HORLOGES" in out


def test_import_reports_rejected_rows_and_keeps_good_ones(store_url: str, env, tmp_path) -> None:
    path = tmp_path / "catalogus.csv"
    path.write_bytes(
        "\ufeffref,title,provider,hours\n"
        "A-1,Goed,Aanbieder,2\n"
        "A-2,,Aanbieder,2\n"
        "A-1,Dubbel,Aanbieder,2\n".encode()
        + "A-3,Caf\xe9,Aanbieder,2\n".encode("latin-1")
        + b"A-4,Ook goed,Aanbieder,veel\nA-5,Prima,Aanbieder,\n"
    )
    done = subprocess.run(
        [PORTFOLIOBOT, "catalog", "import", str(path), "--db", store_url],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "2 toegevoegd, 0 bijgewerkt, 4 afgewezen" in done.stdout
    assert "regel 3: kolom title is leeg" in done.stdout
    assert "regel 4: ref „A-1” staat al op regel 2" in done.stdout
    assert "regel 5: kolom title bevat tekens die geen UTF-8 zijn" in done.stdout
    assert "regel 6: uren „veel”" in done.stdout
    again = subprocess.run(
        [PORTFOLIOBOT, "catalog", "import", str(path), "--db", store_url],
        capture_output=True,
        text=True,
        env=env,
    )
    assert "0 toegevoegd, 2 bijgewerkt, 4 afgewezen" in again.stdout
    path.write_text("titel;aanbieder\nX;Y\n", encoding="utf-8")
    missing = subprocess.run(
        [PORTFOLIOBOT, "catalog", "import", str(path), "--db", store_url],
        capture_output=True,
        text=True,
        env=env,
    )
    assert missing.returncode != 0 and "mist verplichte kolommen: ref" in missing.stderr
