"""The Discord adapter keeps it private: nothing personal in a channel (threads and the
user-installed app included), and DMs that Discord refuses wait for the member's next
command instead of being retried or announced."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.chat.arguments import params_of
from tests.contract.discord_driver import DiscordDriver, typed_options

SECRET = "Geheime intervisie over leerling Sanne"


@pytest.fixture
async def driver(tmp_path: Path, store_url: str) -> AsyncIterator[DiscordDriver]:
    made = await DiscordDriver.open(tmp_path / "portfolio.sqlite3", store_url)
    yield made
    await made.close()


def texts(messages: list[object]) -> str:
    return "\n".join(getattr(m, "text", "") for m in messages)


async def test_nothing_personal_reaches_the_channel(driver: DiscordDriver) -> None:
    await driver.send("Anna", f"/log 1u {SECRET}")
    await driver.send("Anna", "/doel Geheim doel over Sanne")
    await driver.send("Anna", "/herinner morgen om 9:00 geheime herinnering Sanne")
    for spec in driver.core.registry.specs:  # every command, as Anna uses it in the guild
        line = f"/{spec.name('nl')}"
        params = params_of(spec.key)
        if params is not None and typed_options(params, "") is None:  # an option is required
            line = driver.core.translator.text("nl", spec.example_key)
        await driver.send("Anna", line, group="Lerarenkamer")
    for line in ("/activiteiten", "/doelen", "/herinneringen 1", "/bewerk 1 2 uur"):
        await driver.send("Anna", line, group="Lerarenkamer")
    channel = driver.api.text_channel(driver._guilds["Lerarenkamer"])
    public = [m for m in driver.api.sent(channel) if not m.ephemeral]
    assert "Sanne" not in texts(public) and "Geheim" not in texts(public)
    anna = driver.user("Anna").id
    assert all(m.visible_to == anna for m in driver.api.sent(channel) if m.ephemeral)
    assert "Sanne" in texts(driver.private("Anna"))
    ben = driver.user("Ben")
    assert "Sanne" not in texts(driver.api.seen_by(ben, channel))


async def test_closed_dms_park_the_reminder_and_the_next_command_shows_it(
    driver: DiscordDriver,
) -> None:
    await driver.send("Cas", "/herinner over 1 seconde lesbezoek voorbereiden", group="PLG")
    driver.api.close_dms(driver.user("Cas"))
    driver.advance(2)
    await driver.tick()
    deliverer = driver.adapter.deliverer
    # The tick, or the adapter's own delivery loop if it claimed the reminder first.
    await driver.eventually(lambda: deliverer.blocked == 1, "the DM to be refused")
    assert deliverer.blocked == 1 and deliverer.sent == 0
    assert driver.api.dms_of(driver.user("Cas")) == []
    assert driver.group("PLG") == []  # no note in the channel
    await driver.tick()  # parked: not retried in a loop
    assert deliverer.blocked == 1
    await driver.send("Cas", "/activiteiten", group="PLG")
    seen = driver.private("Cas")
    note = next(i for i, m in enumerate(seen) if "Ik kon je geen privébericht sturen" in m.text)
    assert "⏰ Herinnering: lesbezoek voorbereiden" in seen[note + 1].text
    assert driver.group("PLG") == []
    await driver.send("Cas", "/activiteiten", group="PLG")  # shown once
    assert texts(driver.private("Cas")).count("lesbezoek voorbereiden") == 2  # set + shown


async def test_dms_opened_too_fast_wait_as_well(driver: DiscordDriver) -> None:
    await driver.send("Dana", "/herinner over 1 seconde portfolio bijwerken", group="PLG")
    driver.api.close_dms(driver.user("Dana"), code=40003)
    driver.advance(2)
    await driver.tick()
    deliverer = driver.adapter.deliverer
    await driver.eventually(lambda: deliverer.blocked == 1, "the DM to be refused")
    assert deliverer.blocked == 1 and deliverer.sent == 0


async def test_threads_and_the_user_installed_app_keep_it_private(driver: DiscordDriver) -> None:
    from tests.fakes.discord_api import USER_INSTALL

    api = driver.api
    anna = driver.user("Anna")
    guild = await driver.guild("School")
    api.join(guild, anna)
    thread = api.create_thread(guild, api.text_channel(guild), "Lesson study")
    await api.run_command(anna, "log", {"wat": f"1u {SECRET}"}, channel=thread)
    await driver._settle()
    (answer,) = api.sent(thread)
    assert answer.ephemeral and answer.visible_to == anna.id and "Sanne" in answer.text
    # A server without the bot, where Anna uses her own (user-installed) app.
    elsewhere = await api.create_guild("Andere school")
    del elsewhere.members[api.bot.id]
    channel = api.text_channel(elsewhere)
    done = await api.run_command(anna, "activiteiten", channel=channel, install=USER_INSTALL)
    await driver._settle()
    assert done.original is not None and done.original.ephemeral
    assert "Sanne" in done.original.text
    assert [m for m in api.sent(channel) if not m.ephemeral] == []
