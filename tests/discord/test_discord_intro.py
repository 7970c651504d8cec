"""/intro on Discord names the colleague by a mention in the command's text (`<@id>`, what
the client inserts when a member picks someone after @); the handle passed on is the
unique user name."""

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


async def test_intro_by_mention(driver: DiscordDriver) -> None:
    for who in ("Alice", "Bob"):
        await driver.send(who, f"/profiel expertise lesson study {who}")
        await driver.send(who, "/delen expertise community")
        await driver.send(who, "/hulp", group=GROUP)
    bob = driver.user("Bob")
    await driver.send("Alice", f"/intro <@{bob.id}> Zullen we sparren?", group=GROUP)
    # Picked in the user option: Discord sends the user along, so the bot names them.
    assert "Ik heb het Bob gevraagd" in texts(driver.private("Alice"))
    await driver.tick()
    await driver.eventually(
        lambda: "Bericht van Alice: „Zullen we sparren?”" in texts(driver.private("Bob")),
        "bob to be asked",
    )
    await driver.press("Bob", "Ja")
    assert "Je bereikt Alice via: @alice" in texts(driver.private("Bob"))
    await driver.tick()
    await driver.eventually(
        lambda: "Je bereikt Bob via: @bob" in texts(driver.private("Alice")), "alice told"
    )
    channel = driver.api.text_channel(driver._guilds[GROUP])
    public = [m for m in driver.api.sent(channel) if not m.ephemeral]
    assert "@bob" not in texts(public) and "sparren" not in texts(public)
