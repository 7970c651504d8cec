"""/profiel on Matrix names the colleague by a reply to their message (the adapter fetches
the replied-to event for its sender) or by a pill. Against a real Synapse."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from mautrix.types import RoomID

from tests.contract.matrix_driver import MatrixDriver
from tests.fakes.synapse import Synapse

GROUP = "Lerarenkamer"


@pytest.fixture
async def driver(tmp_path: Path, synapse: Synapse) -> AsyncIterator[MatrixDriver]:
    made = await MatrixDriver.open(tmp_path / "portfolio.sqlite3", synapse)
    yield made
    await made.close()


def last_private(driver: MatrixDriver, user: str) -> str:
    seen = driver.private(user)
    return getattr(seen[-1], "text", "") if seen else ""


async def say(
    driver: MatrixDriver, user: str, text: str, *, reply_to: str | None = None, **extra: object
) -> str:
    """`user` writes `text` in the group (an event id for a reply comes back)."""
    member = driver._members[user]
    room = RoomID(driver._groups[GROUP])
    event_id = await member.say(room, text, reply_to=reply_to, extra=dict(extra) or None)
    driver._expected += 1
    await driver._settle()
    return event_id


async def test_profile_by_reply_and_by_pill(driver: MatrixDriver) -> None:
    for who in ("alice", "bob"):
        await driver.send(who, f"/profiel expertise lesson study {who}")
        await driver.send(who, "/delen expertise community")
        await driver.send(who, "/hulp", group=GROUP)
    hello = await say(driver, "bob", "Hallo allemaal")
    # A reply alone: the profile of whoever wrote the message replied to, not one's own.
    await say(driver, "alice", "!profiel", reply_to=hello)
    await driver.eventually(
        lambda: "lesson study bob" in last_private(driver, "alice"), "bob's profile"
    )
    assert "lesson study alice" not in last_private(driver, "alice")
    assert "lesson study bob" not in "\n".join(getattr(m, "text", "") for m in driver.group(GROUP))
    await driver.send("alice", "/profiel expertise lesson study alice")  # something else last
    bob_id = str(driver._members["bob"].client.mxid)
    pill = f'<a href="https://matrix.to/#/{bob_id}">Bob</a>'
    await say(
        driver,
        "alice",
        "!profiel Bob",
        format="org.matrix.custom.html",
        formatted_body=f"!profiel {pill}",
        **{"m.mentions": {"user_ids": [bob_id]}},
    )
    await driver.eventually(
        lambda: "lesson study bob" in last_private(driver, "alice"), "bob's profile by pill"
    )


async def test_a_reply_to_someone_sharing_nothing_looks_like_unknown(
    driver: MatrixDriver,
) -> None:
    await driver.send("alice", "/hulp", group=GROUP)
    await driver.send("dora", "/hulp", group=GROUP)  # uses the bot, shares nothing
    erin = await driver._member("erin")  # in the group, never used the bot
    await driver._in_group(erin, RoomID(driver._groups[GROUP]), moderator=False)
    answers = []
    for who in ("dora", "erin"):
        hello = await say(driver, who, "Hallo")
        before = len(driver.private("alice"))
        await say(driver, "alice", "!profiel", reply_to=hello)
        await driver.eventually(lambda b=before: len(driver.private("alice")) > b, "an answer")
        answers.append(last_private(driver, "alice"))
    assert "Over Dora kan ik je niets laten zien" in answers[0]
    assert answers[0].replace("Dora", "Erin") == answers[1]
