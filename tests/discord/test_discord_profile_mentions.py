"""/profiel on Discord names the colleague picked in the `colleague` option (a user option:
Discord sends the user along, so the bot names them without the guild's member list) or
a mention in the text; one who shares nothing gets the answer an unknown user gets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.contract.discord_driver import DiscordDriver

GROUP = "Lerarenkamer"


@pytest.fixture
async def driver(tmp_path: Path) -> AsyncIterator[DiscordDriver]:
    made = await DiscordDriver.open(tmp_path / "portfolio.sqlite3")
    yield made
    await made.close()


def texts(messages: list[object]) -> str:
    return "\n".join(getattr(m, "text", "") for m in messages)


def last(messages: list[object]) -> str:
    return getattr(messages[-1], "text", "") if messages else ""


async def test_profile_by_mention(driver: DiscordDriver) -> None:
    for who in ("Alice", "Bob"):
        await driver.send(who, f"/profiel expertise lesson study {who}")
        await driver.send(who, "/delen expertise community")
        await driver.send(who, "/hulp", group=GROUP)
    bob = driver.user("Bob")
    command = driver.api.state.find_command("profiel", "nl", None)
    assert command is not None
    option = next(o for o in command["options"] if o["name"] == "colleague")
    assert option["type"] == 6  # a user, picked from Discord's own list
    await driver.send("Alice", f"/profiel <@{bob.id}>", group=GROUP)  # the driver picks Bob
    await driver.eventually(
        lambda: "lesson study Bob" in last(driver.private("Alice")), "bob's profile"
    )
    # A mention typed into the free-text option reads the same.
    channel = driver.api.text_channel(driver._guilds[GROUP])
    alice = driver.user("Alice")
    before = len(driver.private("Alice"))
    await driver.api.run_command(alice, "profiel", {"waarde": f"<@{bob.id}>"}, channel=channel)
    await driver.eventually(lambda: len(driver.private("Alice")) > before, "an answer")
    assert "lesson study Bob" in last(driver.private("Alice"))
    channel = driver.api.text_channel(driver._guilds[GROUP])
    public = [m for m in driver.api.sent(channel) if not m.ephemeral]
    assert "lesson study Bob" not in texts(public)


async def test_shares_nothing_looks_like_an_unknown_user(driver: DiscordDriver) -> None:
    await driver.send("Alice", "/hulp", group=GROUP)
    await driver.send("Dora", "/hulp", group=GROUP)  # uses the bot, shares nothing
    stranger = driver.user("Erin")  # a Discord user who never used the bot
    answers = []
    for user_id in (driver.user("Dora").id, stranger.id):
        before = len(driver.private("Alice"))
        await driver.send("Alice", f"/profiel <@{user_id}>", group=GROUP)
        await driver.eventually(lambda b=before: len(driver.private("Alice")) > b, "an answer")
        answers.append(last(driver.private("Alice")))
    assert answers[0].replace("Dora", "Erin") == answers[1]
    assert "Over Dora kan ik je niets laten zien" in answers[0]  # named as Discord shows her
