"""The Discord adapter's own behaviour: the real discord.py client against the loopback
Discord. Slash commands in Dutch, autocomplete in the member's language, ephemeral
privacy, moderators, deferred exports, buttons after a restart, closed DMs, sync once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.chat.replies import Reply
from tests.contract.discord_driver import DiscordDriver
from tests.discord.helpers import discord_adapter

SECRET = "Geheime intervisie over leerling Sanne"


@pytest.fixture
async def driver(tmp_path: Path, store_url: str) -> AsyncIterator[DiscordDriver]:
    made = await DiscordDriver.open(tmp_path / "portfolio.sqlite3", store_url)
    yield made
    await made.close()


def texts(messages: list[object]) -> str:
    return "\n".join(getattr(m, "text", "") for m in messages)


async def test_commands_are_synced_with_dutch_names_and_every_context(
    driver: DiscordDriver,
) -> None:
    commands = {c["name"]: c for c in driver.api.state.commands[None]}
    activities = commands["activities"]
    assert activities["name_localizations"] == {"nl": "activiteiten"}
    assert activities["description_localizations"]["nl"] != activities["description"]
    assert [o["name"] for o in activities["options"]] == ["activity", "filter"]
    assert activities["options"][0]["name_localizations"] == {"nl": "activiteit"}
    assert commands["help"]["options"][0]["name_localizations"] == {"nl": "tekst"}
    assert activities["integration_types"] == [0, 1] and activities["contexts"] == [0, 1, 2]
    # A community command needs the bot in the guild: not user-installable, guilds only.
    assert commands["reviewround"]["integration_types"] == [0]
    assert commands["reviewround"]["contexts"] == [0]
    assert len(commands) == len(driver.core.registry.specs) <= 100


async def test_autocomplete_suggests_offerings_and_numbers_in_the_members_language(
    driver: DiscordDriver,
) -> None:
    api = driver.api
    anna = driver.user("Anna")
    done = await api.answered(await api.autocomplete(anna, "cursus", "aanbod", "formatief"))
    assert done.response_type == 8
    assert done.choices[0] == {
        "name": "Formatief evalueren in de praktijk — Hogeschool Voorbeeld (VOORBEELD)",
        "value": "Formatief evalueren in de praktijk",
    }
    await driver.send("Anna", "/log 90 min intervisie over feedback")
    await driver.send("Anna", "/log 1u lesson study rekenen")
    nl = await api.answered(await api.autocomplete(anna, "bewerk", "activiteit", ""))
    assert [c["value"] for c in nl.choices] == [2, 1]  # numbers for a number option
    assert nl.choices[1]["name"].startswith("1 · Intervisie over feedback (")
    assert nl.choices[1]["name"].endswith(", 1,5 u)")
    two = await api.answered(await api.autocomplete(anna, "verwijder", "activiteit", "2"))
    assert [c["value"] for c in two.choices] == [2]
    await driver.send("Anna", "/taal en")
    en = await api.answered(await api.autocomplete(anna, "edit", "activity", "1", locale="en-GB"))
    assert en.choices == [{"name": en.choices[0]["name"], "value": 1}] and en.choices[0][
        "name"
    ].endswith(", 1.5 h)")
    many = [f"/log 10 min leesgroep {n}" for n in range(30)]
    for line in many:
        await driver.send("Anna", line)
    capped = await api.answered(await api.autocomplete(anna, "edit", "activity", ""))
    assert len(capped.choices) == 25
    assert capped.answered_at is not None
    assert capped.answered_at - capped.dispatched_at < 1.0  # well inside Discord's 3 s


async def test_a_non_moderator_is_refused_and_the_configured_role_is_a_moderator(
    tmp_path: Path, store_url: str
) -> None:
    driver = await DiscordDriver.open(tmp_path / "p.sqlite3", store_url)
    await driver.adapter.stop()
    driver.adapter = discord_adapter(
        driver.core, driver.api, tmp_path, moderator_role="Sectieleider"
    )
    await driver.adapter.start()
    driver._queued = driver.adapter.handled
    try:
        await driver.send("Bram", "/reviewronde start feedback", group="PLG")
        assert "alleen moderatoren" in driver.group("PLG")[-1].text
        guild = driver._guilds["PLG"]
        leader = await driver.api.add_role(guild, "Sectieleider")  # no permissions at all
        driver.api.join(guild, driver.user("Lies"), leader)
        await driver.api.run_command(
            driver.user("Lies"),
            "reviewronde",
            {"tekst": "start feedback"},
            channel=driver.api.text_channel(guild),
        )
        await driver._settle()
        assert "Reviewronde: Feedback die werkt" in driver.group("PLG")[-1].text
    finally:
        await driver.close()


async def test_a_deferred_export_arrives_as_an_ephemeral_followup(driver: DiscordDriver) -> None:
    await driver.send("Anna", "/log 1u intervisie over feedback")
    guild = await driver.guild("Sectie Engels")
    anna = driver.user("Anna")
    driver.api.join(guild, anna)
    export = await driver.api.run_command(anna, "export", channel=driver.api.text_channel(guild))
    await driver._settle()
    assert export.response_type == 5  # deferred at once …
    original = export.original
    assert original is not None and original.ephemeral and not original.loading
    (file,) = original.files  # … and completed by the followup with the file
    assert file.filename.startswith("portfolio-") and file.filename.endswith(".json")
    exported = json.loads(file.content)
    assert [a["title"] for a in exported["activities"]] == ["Intervisie over feedback"]
    assert driver.group("Sectie Engels") == []


async def test_a_button_pressed_after_a_restart_still_works(
    driver: DiscordDriver, tmp_path: Path
) -> None:
    await driver.send("Anna", "/log webinar formatief evalueren")
    question = driver.api.dms_of(driver.user("Anna"))[-1]
    await driver.adapter.stop()  # the process stops; the question stays in Anna's DM
    driver.adapter = discord_adapter(driver.core, driver.api, tmp_path)
    await driver.adapter.start()
    driver._queued = 0
    await driver.press("Anna", "halve dag")
    assert "4 u · webinar (non-formeel)" in texts(driver.private("Anna"))
    assert question.buttons == []  # the answered question lost its buttons …
    assert "✓ halve dag" in driver.private("Anna")[0].text  # … and shows the choice


async def test_commands_are_synced_once_for_an_unchanged_set(
    tmp_path: Path, store_url: str
) -> None:
    driver = await DiscordDriver.open(tmp_path / "p.sqlite3", store_url)
    try:
        assert driver.api.state.syncs == [None] and driver.adapter.synced
        for _ in range(2):  # restarts with the same command set
            await driver.adapter.stop()
            driver.adapter = discord_adapter(driver.core, driver.api, tmp_path)
            await driver.adapter.start()
            assert not driver.adapter.synced
        assert driver.api.state.syncs == [None]
        await driver.adapter.stop()
        test_guild = await driver.api.create_guild("Test")
        driver.adapter = discord_adapter(
            driver.core, driver.api, tmp_path, test_guild_id=test_guild.id
        )
        await driver.adapter.start()
        assert driver.api.state.syncs == [None, test_guild.id]
    finally:
        await driver.close()


async def test_a_failing_interaction_gets_an_apology(
    driver: DiscordDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(incoming: object) -> list[Reply]:
        raise RuntimeError("the store is gone")

    replies = driver.adapter.interactions.replies
    assert replies is not None
    monkeypatch.setattr(replies, "answer", broken)
    guild = await driver.guild("PLG")
    anna = driver.user("Anna")
    driver.api.join(guild, anna)
    channel = driver.api.text_channel(guild)
    failed = await driver.api.run_command(anna, "activiteiten", channel=channel)
    await driver._settle()
    assert failed.original is not None and failed.original.ephemeral
    assert failed.original.text.startswith("Sorry, dat ging mis aan mijn kant.")


async def test_a_slow_answer_is_deferred_before_discords_deadline(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    driver = await DiscordDriver.open(tmp_path / "p.sqlite3", store_url)
    await driver.adapter.stop()
    core = driver.core
    driver.adapter = discord_adapter(core, driver.api, tmp_path, defer_after_seconds=0.05)
    await driver.adapter.start()
    driver._queued = 0
    answer = core.router.answer

    async def slow(incoming: object) -> object:
        await asyncio.sleep(0.3)
        return await answer(incoming)  # type: ignore[arg-type]

    monkeypatch.setattr(core.router, "answer", slow)
    try:
        anna = driver.user("Anna")
        done = await driver.api.run_command(anna, "activiteiten")
        await driver._settle()
        assert done.response_type == 5
        assert done.answered_at is not None and done.answered_at - done.dispatched_at < 0.25
        assert done.original is not None and "activiteiten" in done.original.text.lower()
    finally:
        await driver.close()


async def test_a_reflection_without_text_is_asked_in_a_form(driver: DiscordDriver) -> None:
    await driver.send("Anna", "/log 1u intervisie over feedback")
    guild = await driver.guild("PLG")
    anna = driver.user("Anna")
    driver.api.join(guild, anna)
    channel = driver.api.text_channel(guild)
    shown = await driver.api.answered(
        await driver.api.run_command(anna, "reflectie", channel=channel)
    )
    assert shown.response_type == 9  # the modal is the first response
    assert shown.modal is not None and shown.modal["title"] == "/reflectie"
    await driver.api.submit_modal(anna, shown, {"text": "Ik ga vaker exit tickets gebruiken."})
    await driver._settle()
    await driver._settle()  # the command, then the form
    assert "📝 Reflectie bewaard bij #1 Intervisie over feedback." in texts(driver.private("Anna"))
    assert driver.group("PLG") == []
    await driver.send("Anna", "/export")
    documents = [m.document for m in driver.private("Anna") if m.document]
    exported = json.loads(documents[-1][1])
    reflection = json.dumps(exported["activities"][0], ensure_ascii=False)
    assert "Ik ga vaker exit tickets gebruiken." in reflection


async def test_many_choices_are_a_select_menu_that_reaches_the_core(
    driver: DiscordDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.chat.messages import Choice, Outgoing, Span, Text

    anna = driver.user("Anna")
    choices = tuple(Choice(f"t0k3n:{n}", f"Keuze {n}") for n in range(1, 8))
    await driver.adapter.send_private(
        str(anna.id), Outgoing(Text((Span("Welke bedoel je?"),)), choices=choices)
    )
    (question,) = driver.api.dms_of(anna)
    assert question.buttons == [] and len(question.selects) == 1
    assert driver.private("Anna")[0].buttons == tuple(c.label for c in choices)
    pressed: list[str | None] = []
    replies = driver.adapter.interactions.replies
    assert replies is not None
    answer = replies.answer

    async def record(incoming: object) -> object:
        pressed.append(getattr(incoming, "choice", None))
        return await answer(incoming)  # type: ignore[arg-type]

    monkeypatch.setattr(replies, "answer", record)
    await driver.press("Anna", "Keuze 6")
    assert pressed == ["t0k3n:6"]


async def test_a_slow_public_answer_still_reaches_the_channel(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    driver = await DiscordDriver.open(tmp_path / "p.sqlite3", store_url)
    await driver.adapter.stop()
    driver.adapter = discord_adapter(driver.core, driver.api, tmp_path, defer_after_seconds=0.05)
    await driver.adapter.start()
    driver._queued = 0
    answer = driver.core.router.answer

    async def slow(incoming: object) -> object:
        await asyncio.sleep(0.3)
        return await answer(incoming)  # type: ignore[arg-type]

    monkeypatch.setattr(driver.core.router, "answer", slow)
    try:
        await driver.send("Mo", "/reviewronde start feedback 2 dagen", group="PLG", moderator=True)
        assert driver.api.state.interactions[-1].response_type == 5  # deferred …
        prompt = driver.group("PLG")[-1]  # … ephemerally, yet the prompt is public
        assert "Reviewronde: Feedback die werkt" in prompt.text
        assert prompt.buttons == ("1 ★", "2 ★", "3 ★", "4 ★", "5 ★")
    finally:
        await driver.close()
