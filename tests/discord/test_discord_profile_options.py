"""Typed options of /profiel, /delen, /koppelingen and /foto: synced with their types,
Dutch names and choices, and a typed command answered exactly as the same words typed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.contract.discord_driver import DiscordDriver

STRING, INTEGER, USER, ATTACHMENT = 3, 4, 6, 11


@pytest.fixture
async def driver(tmp_path: Path, store_url: str) -> AsyncIterator[DiscordDriver]:
    made = await DiscordDriver.open(tmp_path / "portfolio.sqlite3", store_url)
    yield made
    await made.close()


def options_of(driver: DiscordDriver, command: str) -> dict[str, Any]:
    (synced,) = [c for c in driver.api.state.commands[None] if c["name"] == command]
    return {o["name"]: o for o in synced["options"]}


def dutch_names(options: dict[str, Any]) -> list[str]:
    return [o["name_localizations"]["nl"] for o in options.values()]


async def test_profile_and_share_are_synced_with_typed_options(driver: DiscordDriver) -> None:
    profile = options_of(driver, "profile")
    assert list(profile) == ["colleague", "field", "value"]
    assert dutch_names(profile) == ["collega", "veld", "waarde"]
    assert profile["colleague"]["type"] == USER  # picked from Discord's own list
    assert all(not o.get("required") for o in profile.values())
    assert profile["field"]["type"] == profile["value"]["type"] == STRING
    fields = profile["field"]["choices"]
    assert [c["value"] for c in fields][:3] == ["naam", "school", "regio"]
    assert "werkervaring" in [c["value"] for c in fields]
    by_value = {c["value"]: c for c in fields}
    assert by_value["werkervaring"]["name"] == "work experience"
    assert by_value["werkervaring"]["name_localizations"] == {"nl": "werkervaring"}
    assert by_value["bewerken"]["name_localizations"] == {"nl": "alles bewerken, stap voor stap"}

    share = options_of(driver, "share")
    assert dutch_names(share) == ["veld", "doel", "activiteit", "meer", "zichtbaarheid"]
    assert share["goal"]["type"] == INTEGER and share["goal"]["autocomplete"]
    assert share["activity"]["type"] == INTEGER and share["activity"]["autocomplete"]
    assert {"alles", "doelen", "activiteiten", "foto"} <= {
        c["value"] for c in share["field"]["choices"]
    }
    visibility = share["visibility"]["choices"]
    assert [c["value"] for c in visibility] == ["private", "community", "public"]
    assert [c["name_localizations"]["nl"] for c in visibility] == [
        "privé",
        "gedeeld met de community",
        "openbaar",
    ]

    connections = options_of(driver, "connections")
    assert dutch_names(connections) == ["actie", "koppeling"]
    assert [c["value"] for c in connections["action"]["choices"]] == [
        "unlink",
        "prefer",
        "prefer_auto",
    ]
    assert connections["connection"]["type"] == INTEGER
    assert dutch_names(options_of(driver, "intro")) == ["collega", "bericht"]
    assert list(options_of(driver, "connect")) == ["code"]  # the same word in Dutch
    photo = options_of(driver, "photo")
    assert dutch_names(photo) == ["actie", "afbeelding"]
    assert photo["image"]["type"] == ATTACHMENT
    for options in (profile, share, connections, photo):
        for option in options.values():
            assert len(option["description"]) <= 100
            assert len(option["description_localizations"]["nl"]) <= 100


async def test_typed_profile_and_share_give_the_same_answers_as_the_typed_text(
    driver: DiscordDriver,
) -> None:
    """Anna fills in the options; Bob types the same as a message in the bot's DM."""
    api = driver.api
    anna, bob = driver.user("Anna"), driver.user("Bob")
    cases: list[tuple[str, dict[str, object], str]] = [
        (
            "profiel",
            {"veld": "expertise", "waarde": "formatief evalueren"},
            "/profiel expertise formatief evalueren",
        ),
        ("profiel", {"veld": "werkervaring", "waarde": "leeg"}, "/profiel werkervaring leeg"),
        ("profiel", {"veld": "bio", "waarde": "Docent Engels"}, "/profiel bio Docent Engels"),
        ("delen", {"veld": "expertise", "zichtbaarheid": "public"}, "/delen expertise openbaar"),
        (
            "delen",
            {"veld": "bio", "meer": "tags", "zichtbaarheid": "community"},
            "/delen bio tags community",
        ),
        ("delen", {}, "/delen"),
        ("profiel", {}, "/profiel"),
        ("koppelingen", {"actie": "prefer_auto"}, "/koppelingen voorkeur auto"),
        ("koppelingen", {"actie": "unlink", "koppeling": 1}, "/koppelingen los 1"),
    ]
    for command, options, line in cases:
        await api.run_command(anna, command, options)
        await driver._settle()
        await api.user_writes(bob, None, line)
        await driver._settle()
        typed, written = driver.private("Anna")[-1], driver.private("Bob")[-1]
        assert typed.text == _swapped(written.text), command
        assert typed.buttons == written.buttons, command
        assert typed.text and "Sorry" not in typed.text, (command, typed.text)


async def test_share_suggests_the_members_own_goals_and_activities(driver: DiscordDriver) -> None:
    api = driver.api
    anna = driver.user("Anna")
    await driver.send("Anna", "/log 1u intervisie over feedback")
    await driver.send("Anna", "/doel Formatief evalueren toepassen")
    goal = await api.answered(
        await api.autocomplete(anna, "delen", "doel", "", {"zichtbaarheid": "community"})
    )
    assert goal.choices == [{"name": "1 · doel: Formatief evalueren toepassen", "value": 1}]
    activity = await api.answered(await api.autocomplete(anna, "delen", "activiteit", ""))
    assert [c["value"] for c in activity.choices] == [1]
    await api.run_command(anna, "delen", {"doel": 1, "zichtbaarheid": "community"})
    await driver._settle()
    assert driver.private("Anna")[-1].text.startswith("✓")


async def test_intro_names_the_colleague_picked_in_its_option(driver: DiscordDriver) -> None:
    """Someone picked in the *collega* option (a user option) is named as Discord shows them."""
    for who in ("Alice", "Bob"):
        await driver.send(who, f"/profiel expertise lesson study {who}")
        await driver.send(who, "/delen expertise community")
        await driver.send(who, "/hulp", group="Lerarenkamer")
    alice, bob = driver.user("Alice"), driver.user("Bob")
    channel = driver.api.text_channel(driver._guilds["Lerarenkamer"])
    options = {"collega": str(bob.id), "bericht": "Zullen we sparren?"}
    await driver.api.run_command(alice, "intro", options, channel=channel)
    await driver._settle()
    assert "Ik heb het Bob gevraagd" in driver.private("Alice")[-1].text
    await driver.tick()
    await driver.eventually(
        lambda: any(
            "Bericht van Alice: „Zullen we sparren?”" in m.text for m in driver.private("Bob")
        ),
        "bob to be asked",
    )


async def test_profile_of_the_colleague_picked_in_its_option(driver: DiscordDriver) -> None:
    """The colleague picked names Bob, whatever he is called in his profile."""
    await driver.send("Bob", "/profiel naam Bob de Vries")
    await driver.send("Bob", "/profiel expertise lesson study")
    await driver.send("Bob", "/delen naam expertise community")
    for who in ("Alice", "Bob"):
        await driver.send(who, "/hulp", group="Lerarenkamer")
    alice, bob = driver.user("Alice"), driver.user("Bob")
    channel = driver.api.text_channel(driver._guilds["Lerarenkamer"])
    await driver.api.run_command(alice, "profiel", {"collega": str(bob.id)}, channel=channel)
    await driver._settle()
    assert driver.private("Alice")[-1].text == (
        "👤 Bob de Vries\nnaam: Bob de Vries\nexpertise: lesson study"
    )
    # Carol shares nothing with Alice: named by a mention, she is not found either.
    carol = driver.user("Carol")
    await driver.send("Carol", "/profiel expertise rekenen")
    await driver.send("Carol", "/hulp", group="Lerarenkamer")
    await driver.api.run_command(alice, "profiel", {"collega": str(carol.id)}, channel=channel)
    await driver._settle()
    assert "rekenen" not in driver.private("Alice")[-1].text


def _swapped(text: str) -> str:
    """Bob's answer as Anna's: their names the other way round."""
    return "Anna".join(part.replace("Anna", "Bob") for part in text.split("Bob"))
