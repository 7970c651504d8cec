"""Typed options: the core's argument declarations (bot.chat.arguments) become Discord
options with types, Dutch names and choices; their values reach the core as the same text
a member would type, and autocomplete answers for the option being typed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.contract.discord_driver import DiscordDriver

STRING, INTEGER, BOOLEAN, NUMBER = 3, 4, 5, 10


@pytest.fixture
async def driver(tmp_path: Path, store_url: str) -> AsyncIterator[DiscordDriver]:
    made = await DiscordDriver.open(tmp_path / "portfolio.sqlite3", store_url)
    yield made
    await made.close()


def options_of(driver: DiscordDriver, command: str) -> dict[str, Any]:
    (synced,) = [c for c in driver.api.state.commands[None] if c["name"] == command]
    return {o["name"]: o for o in synced["options"]}


async def test_typed_options_are_synced_with_types_dutch_names_and_choices(
    driver: DiscordDriver,
) -> None:
    (activity,) = options_of(driver, "delete").values()
    assert activity["type"] == INTEGER and activity["name"] == "activity"
    assert activity["name_localizations"] == {"nl": "activiteit"}
    assert activity["required"] and activity["autocomplete"] and activity["min_value"] == 1
    assert activity["description_localizations"] == {"nl": "Het nummer van de activiteit"}

    log = options_of(driver, "log")
    assert list(log) == ["what", "hours", "visibility"]
    assert log["what"]["type"] == STRING and log["what"]["required"]
    assert log["what"]["name_localizations"] == {"nl": "wat"}
    assert log["hours"]["type"] == NUMBER and not log["hours"].get("required")
    assert log["hours"]["name_localizations"] == {"nl": "uren"}
    visibility = log["visibility"]["choices"]
    assert [c["value"] for c in visibility] == ["private", "community", "public"]
    assert [c["name_localizations"]["nl"] for c in visibility] == [
        "privé",
        "gedeeld met de community",
        "openbaar",
    ]

    review = options_of(driver, "review")
    assert review["stars"]["type"] == INTEGER
    assert (review["stars"]["min_value"], review["stars"]["max_value"]) == (1, 5)
    assert review["stars"]["name_localizations"] == {"nl": "sterren"}
    assert review["anonymous"]["type"] == BOOLEAN
    assert review["offering"]["autocomplete"] and review["offering"]["max_length"] == 100

    formats = options_of(driver, "export")["format"]["choices"]
    assert [c["value"] for c in formats] == ["pdf", "csv", "xapi", "json"]
    assert formats[3]["name"] == "JSON (everything)"
    assert formats[3]["name_localizations"] == {"nl": "JSON (alles)"}
    # Discord wants the required options first; the core still reads them in its order.
    assert list(options_of(driver, "evidence")) == ["link", "activity"]
    goal = options_of(driver, "goal")
    assert [o["name_localizations"]["nl"] for o in goal.values()] == [
        "actie",
        "activiteit",
        "doel",
        "tekst",
        "zichtbaarheid",
    ]
    assert goal["goal"]["autocomplete"] and goal["activity"]["autocomplete"]
    # A command without typed arguments keeps its one free text.
    (text,) = options_of(driver, "remind").values()
    assert text["type"] == STRING and text["name_localizations"] == {"nl": "tekst"}


async def test_typed_values_give_the_same_answers_as_the_typed_text(
    driver: DiscordDriver,
) -> None:
    """Anna fills in the options; Bob types the same as a message in the bot's DM."""
    api = driver.api
    anna, bob = driver.user("Anna"), driver.user("Bob")
    for who in ("Anna", "Bob"):
        await driver.send(who, "/herinner morgen om 9:00 vakliteratuur lezen")
    cases: list[tuple[str, dict[str, object], str]] = [
        (
            "log",
            {"wat": "lesson study gisteren", "uren": 1.5, "zichtbaarheid": "community"},
            "/log lesson study gisteren 1.5u #gedeeld",
        ),
        ("bewerk", {"activiteit": 1, "wijziging": "2u"}, "/bewerk 1 2u"),
        ("activiteiten", {"activiteit": 1}, "/activiteiten 1"),
        (
            "doel",
            {"tekst": "Formatief evalueren toepassen voor 1 maart"},
            "/doel Formatief evalueren toepassen voor 1 maart",
        ),
        ("doel", {"actie": "link", "activiteit": 1, "doel": 1}, "/doel koppel 1 1"),
        ("herinneringen", {"actie": "pause", "herinnering": 1}, "/herinneringen pauzeer 1"),
        (
            "beoordeel",
            {"aanbod": "Formatief evalueren in de praktijk", "sterren": 4, "anoniem": True},
            "/beoordeel Formatief evalueren in de praktijk 4 #anoniem",
        ),
        ("export", {"formaat": "csv", "periode": "2026"}, "/export csv 2026"),
        ("steuntjes", {"stand": "off"}, "/steuntjes uit"),
    ]
    for command, options, line in cases:
        await api.run_command(anna, command, options)
        await driver._settle()
        await api.user_writes(bob, None, line)
        await driver._settle()
        typed, written = driver.private("Anna")[-1], driver.private("Bob")[-1]
        assert typed.text == written.text, command
        assert typed.buttons == written.buttons, command
        assert typed.text and "Sorry" not in typed.text, command
    documents = [m.document for who in ("Anna", "Bob") for m in driver.private(who)]
    (anna_csv, bob_csv) = [d for d in documents if d is not None]
    assert anna_csv[0] == bob_csv[0] and anna_csv[0].endswith(".csv")
    assert "Lesson study" in anna_csv[1].decode("utf-8-sig")


async def test_autocomplete_answers_for_the_focused_option_in_the_members_language(
    driver: DiscordDriver,
) -> None:
    api = driver.api
    anna = driver.user("Anna")
    await driver.send("Anna", "/log 1u intervisie over feedback")
    await driver.send("Anna", "/doel Formatief evalueren toepassen")
    await driver.send("Anna", "/herinner morgen om 9:00 vakliteratuur lezen")
    # Two options of one command, each with its own kind of suggestion.
    goal = await api.answered(
        await api.autocomplete(anna, "doel", "doel", "", {"actie": "achieved"})
    )
    assert goal.choices == [{"name": "1 · doel: Formatief evalueren toepassen", "value": 1}]
    activity = await api.answered(
        await api.autocomplete(anna, "doel", "activiteit", "", {"actie": "link"})
    )
    assert [c["value"] for c in activity.choices] == [1]
    assert activity.choices[0]["name"].startswith("1 · Intervisie over feedback (")
    reminder = await api.answered(
        await api.autocomplete(anna, "herinneringen", "herinnering", "1")
    )
    assert reminder.choices == [{"name": "1 · herinnering: vakliteratuur lezen", "value": 1}]
    offering = await api.answered(
        await api.autocomplete(anna, "beoordeel", "aanbod", "formatief", {"sterren": 4})
    )
    assert offering.choices[0]["value"] == "Formatief evalueren in de praktijk"
    await driver.send("Anna", "/taal en")
    english = await api.answered(
        await api.autocomplete(anna, "goal", "goal", "1", {"action": "dropped"}, locale="en-GB")
    )
    assert english.choices == [{"name": "1 · goal: Formatief evalueren toepassen", "value": 1}]


async def test_a_reflection_on_a_chosen_activity_is_asked_in_a_form(
    driver: DiscordDriver,
) -> None:
    await driver.send("Anna", "/log 1u intervisie over feedback")
    await driver.send("Anna", "/log 2u lesson study rekenen")
    guild = await driver.guild("PLG")
    anna = driver.user("Anna")
    driver.api.join(guild, anna)
    channel = driver.api.text_channel(guild)
    shown = await driver.api.answered(
        await driver.api.run_command(anna, "reflectie", {"activiteit": 1}, channel=channel)
    )
    assert shown.response_type == 9  # nothing typed in a channel reaches the bot: a form
    assert shown.modal is not None and shown.modal["title"] == "/reflectie 1"
    await driver.api.submit_modal(anna, shown, {"text": "Vaker exit tickets."})
    await driver._settle()
    await driver._settle()  # the command, then the form
    assert (
        "📝 Reflectie bewaard bij #1 Intervisie over feedback." in driver.private("Anna")[-1].text
    )
    assert driver.group("PLG") == []


async def test_options_from_an_outdated_client_get_an_answer(driver: DiscordDriver) -> None:
    """A Discord client that has not seen the latest sync may send a command without an
    option that is now required: an ephemeral word, not "This interaction failed"."""
    guild = await driver.guild("PLG")
    anna = driver.user("Anna")
    driver.api.join(guild, anna)
    channel = driver.api.text_channel(guild)
    stale = await driver.api.run_command(anna, "verwijder", {}, channel=channel)
    await driver._settle()
    assert stale.original is not None and stale.original.ephemeral
    assert stale.original.text.startswith("Dit commando is net veranderd")
    assert driver.group("PLG") == []
