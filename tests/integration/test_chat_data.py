"""Own your data, as members experience it: exports, /overzicht, /import, /mijngegevens and
/vergeet through the whole core on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import json
import shutil
import subprocess
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.chat.messages import Attachment, Incoming
from storage import upgrade_schema
from tests.conftest import create_pg_database, drop_pg_database, run_isolated
from tests.support.driver import Driver, Said


@pytest.fixture
async def bot(store_url: str) -> AsyncIterator[Driver]:
    driver = await Driver.open(store_url)
    yield driver
    await driver.close()


@pytest.fixture
async def empty_store_url(store_url: str, tmp_path: Path, pg_admin_url: str) -> Any:
    """A second, empty store of the same kind as `store_url`."""
    if store_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
        run_isolated(upgrade_schema(url))
        yield url
        return
    url = create_pg_database(pg_admin_url, prefix="data_fresh")
    try:
        run_isolated(upgrade_schema(url))
        yield url
    finally:
        drop_pg_database(pg_admin_url, url)


def sending(bot: Driver, user: str, file: Attachment, text: str = "", **kw: Any) -> Incoming:
    """A message with a file, as a platform hands it to the core."""
    return dataclasses.replace(bot.incoming(user, text, **kw), attachment=file)


def json_file(document: Any) -> Attachment:
    return Attachment("portfolio.json", json.dumps(document).encode(), "application/json")


def file_of(said: Said) -> Attachment:
    (attachment,) = [r.attachment for r in said.replies if r.attachment is not None]
    return attachment


async def log_a_year(bot: Driver, user: str = "alice") -> None:
    await bot.say(user, "/doel Formatief evalueren in de onderbouw #vakdidactisch")
    await bot.say(user, "/log 2u lesson study rekenen gisteren doel 1 #vakdidactisch")
    await bot.say(user, "/reflectie Exit tickets werken; volgende keer eerder bespreken.")
    await bot.say(user, "/bewijs https://example.org/verslag")
    await bot.say(user, "/log 1,5 uur intervisie Coöperatief leren ë é ï 😀 3 september")
    await bot.say(user, "/log 6 uur cursus עברית ללמידה 12 oktober #pedagogisch")


def csv_rows(file: Attachment) -> list[list[str]]:
    assert file.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(file.content.decode("utf-8-sig")), delimiter=";"))


def pdf_text(content: bytes, tmp_path: Path) -> tuple[str, int]:
    assert shutil.which("pdftotext"), "poppler-utils is needed (scripts/test installs it)"
    path = tmp_path / "export.pdf"
    path.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "20", "-png", path, tmp_path / "p"], check=True)
    text = subprocess.run(
        ["pdftotext", path, "-"], check=True, capture_output=True, text=True
    ).stdout
    return text, len(list(tmp_path.glob("p-*.png")))


async def test_alice_takes_a_pdf_portfolio_to_her_appraisal(bot: Driver, tmp_path: Path) -> None:
    await log_a_year(bot)
    said = await bot.say("alice", "/export pdf dit schooljaar", group="lerarenkamer")
    assert said.here_text == "✓ Ik heb je een privébericht gestuurd."
    assert "Je portfolio als PDF (activiteiten: 3, doelen: 1)" in said.private_text
    pdf = file_of(said)
    assert pdf.media_type == "application/pdf" and pdf.filename.endswith(".pdf")
    text, pages = pdf_text(pdf.content, tmp_path)
    assert pages >= 3
    for phrase in (
        "Alice",
        "Periode: 1 aug 2026 – 31 jul 2027",
        "Formatief evalueren in de onderbouw",
        "Lesson study rekenen",
        "Exit tickets werken",
        "https://example.org/verslag",
        "Coöperatief leren ë é ï 😀",
        "Uren per schooljaar",
    ):
        assert phrase in text, phrase
    await bot.say("alice", "/taal en")
    english = await bot.say("alice", "/export pdf 2026-2027")
    (tmp_path / "en").mkdir()
    text, _ = pdf_text(file_of(english).content, tmp_path / "en")
    assert "PROFESSIONAL DEVELOPMENT PORTFOLIO" in text and "Period: 1 Aug 2026" in text


async def test_csv_and_xapi_exports_and_periods(bot: Driver) -> None:
    await log_a_year(bot)
    rows = csv_rows(file_of(await bot.say("alice", "/export csv")))
    assert rows[0][:3] == ["nummer", "datum", "uren"] and len(rows) == 4
    assert {row[2] for row in rows[1:]} == {"2", "1,5", "6"}
    assert [row[7] for row in rows[1:] if row[0] == "1"] == ["Formatief evalueren in de onderbouw"]
    only_autumn = await bot.say("alice", "/export csv 1 september 2026 tot 30 september 2026")
    rows = csv_rows(file_of(only_autumn))
    assert [row[5] for row in rows[1:]] == ["Intervisie Coöperatief leren ë é ï 😀"]
    statements = json.loads(file_of(await bot.say("alice", "/export xapi")).content)
    assert len(statements) == 3
    assert statements[0]["actor"]["account"]["name"] == "alice"
    for text, expected in {
        "/export docx": "Kies pdf, csv, xapi of json",
        "/export pdf ooit eens": "Welke periode bedoel je",
        "/export json dit schooljaar": "altijd je hele portfolio",
    }.items():
        assert expected in (await bot.say("alice", text)).text, text


async def test_overzicht_sends_a_chart_privately(bot: Driver) -> None:
    assert "nog niets gelogd" in (await bot.say("alice", "/overzicht alles")).text
    await log_a_year(bot)
    said = await bot.say("alice", "/overzicht", group="lerarenkamer")
    assert said.here_text == "✓ Ik heb je een privébericht gestuurd."
    chart = file_of(said)
    assert chart.media_type == "image/png" and chart.content.startswith(b"\x89PNG")
    assert (
        "Je uren van za 1 aug 2026 tot za 31 jul 2027: 3 activiteiten, 9,5 u." in said.private_text
    )
    assert "• informeel: 3,5 u" in said.private_text


async def test_export_import_into_an_empty_store_gives_the_same_document(
    bot: Driver, empty_store_url: str
) -> None:
    await log_a_year(bot)
    await bot.say("alice", "/doel Meer samenwerken")
    assert "behaald" in (await bot.say("alice", "/doel behaald 2 we plannen nu samen")).text
    original = json.loads(file_of(await bot.say("alice", "/export json")).content)
    fresh = await Driver.open(empty_store_url)
    try:
        file = json_file(original)
        said = await fresh.send(sending(fresh, "alice", file))  # a file on its own
        assert (
            "Teruggezet — activiteiten: 3, doelen: 2. Al aanwezig en overgeslagen: 0." in said.text
        )
        again = await fresh.send(sending(fresh, "alice", file, "/importeer"))
        assert "er is niets veranderd" in again.text
        restored = json.loads(file_of(await fresh.say("alice", "/export json")).content)
        # The numbers go on after the restored ones.
        assert "#4" in (await fresh.say("alice", "/log 1u webinar toetsing")).text
    finally:
        await fresh.close()
    for document in (original, restored):
        del document["exported_at"], document["member"]["created_at"]
    assert restored == original


async def activity_count(bot: Driver, user: str) -> str:
    return (await bot.say(user, "/activiteiten")).text


async def test_a_bad_file_is_refused_and_changes_nothing(bot: Driver) -> None:
    await log_a_year(bot)
    document = json.loads(file_of(await bot.say("alice", "/export json")).content)
    await bot.say("alice", "/verwijder 3")
    assert "Verwijderd" in (await bot.press("alice", "Ja, verwijderen")).text
    listing = await activity_count(bot, "alice")
    newer = {**document, "schema_version": 99}
    someone_else = {
        **document,
        "member": {**document["member"], "accounts": [{"platform": "test", "user_id": "mallory"}]},
    }
    broken_item = {**document, "activities": [*document["activities"][:1], {"id": "x"}]}
    cases = {
        "Dit bestand is beschadigd": Attachment("p.json", b'{"schema": "portfoliob', "x"),
        "geen portfolio-export": json_file({"hello": "world"}),
        "nieuwere versie van de bot (versie 99": json_file(newer),
        "hoort bij iemand anders": json_file(someone_else),
        "Item 2 (activiteit) in dit bestand klopt niet": json_file(broken_item),
    }
    for expected, file in cases.items():
        said = await bot.send(sending(bot, "alice", file, "/importeer"))
        assert expected in said.text, (expected, said.text)
        assert "niets veranderd" in said.text
        assert await activity_count(bot, "alice") == listing
    in_group = await bot.send(
        sending(bot, "alice", json_file(document), "/importeer", group="kamer")
    )
    assert "privégesprek" in in_group.text
    assert "Stuur het JSON-bestand" in (await bot.say("alice", "/importeer")).text
    # The good file brings back what was deleted, and only that.
    restored = await bot.send(sending(bot, "alice", json_file(document), "/importeer"))
    assert (
        "Teruggezet — activiteiten: 1, doelen: 0. Al aanwezig en overgeslagen: 3." in restored.text
    )


async def test_mijngegevens_tells_what_is_stored_in_plain_words(bot: Driver) -> None:
    await log_a_year(bot)
    await bot.say("alice", "/herinner morgen om 9:00 reflectie schrijven")
    await bot.say("alice", "/log 1u intervisie", group="lerarenkamer")
    said = await bot.say("alice", "/mijngegevens")
    for line in (
        "• 4 activiteiten",
        "• 1 ontwikkeldoel",
        "• 1 herinnering",
        "• lid van 1 groep",
        "• gekoppelde accounts: test (alice)",
    ):
        assert line in said.text, line
    english = await bot.say("alice", "/taal en")
    assert english is not None
    assert "• 4 activities" in (await bot.say("alice", "/mydata")).text


async def test_vergeet_asks_first_and_then_erases_everything(bot: Driver) -> None:
    await log_a_year(bot)
    await bot.say("bob", "/log 1u intervisie")
    said = await bot.say("alice", "/vergeet")
    assert "Weet je het zeker?" in said.text
    assert [label for _, label in bot.last_choices["alice"]] == [
        "Wis alles, ook mijn reviews",
        "Wis alles, reviews anoniem laten staan",
        "Nee, niets wissen",
    ]
    assert "niets gewist" in (await bot.press("alice", "Nee, niets wissen")).text
    assert "Lesson study" in await activity_count(bot, "alice")
    await bot.say("alice", "/vergeet")
    assert "ik wis niets zonder duidelijke keuze" in (await bot.say("alice", "ja hoor")).text
    done = await bot.press("alice", "Wis alles, ook mijn reviews")
    assert "🗑️ Gewist:" in done.text
    assert "• 3 activiteiten" in done.text and "• 1 ontwikkeldoel" in done.text
    assert "Samenvattingen van reviewrondes" in done.text
    assert "nog geen activiteiten" in await activity_count(bot, "alice")
    assert "Intervisie" in await activity_count(bot, "bob")


async def test_rendering_a_pdf_keeps_no_other_member_waiting(
    bot: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alice's PDF is rendered on a worker thread after her transaction: while it renders,
    Bob's command goes through the store and the event loop as usual."""
    from bot.services import export_pdf

    await log_a_year(bot)
    rendering, release = threading.Event(), threading.Event()
    real = export_pdf.portfolio_pdf

    def slow_pdf(*args: Any) -> bytes:
        rendering.set()
        assert release.wait(10), "never released"
        return real(*args)

    monkeypatch.setattr(export_pdf, "portfolio_pdf", slow_pdf)
    alice = asyncio.create_task(bot.say("alice", "/export pdf"))
    assert await asyncio.to_thread(rendering.wait, 10)
    bobs = await asyncio.wait_for(bot.say("bob", "/log 1u intervisie"), timeout=10)
    assert "Genoteerd" in bobs.text and not alice.done()
    release.set()
    assert file_of(await alice).content.startswith(b"%PDF")
