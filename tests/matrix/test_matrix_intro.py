"""/intro on Matrix names the colleague with a pill (what clients insert when a member
picks someone after @: a matrix.to link in the formatted body, and `m.mentions`); the
handle passed on is the full user id. Against a real Synapse."""

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


def texts(messages: list[object]) -> str:
    return "\n".join(getattr(m, "text", "") for m in messages)


async def test_intro_by_pill(driver: MatrixDriver) -> None:
    for who in ("alice", "bob"):
        await driver.send(who, f"/profiel expertise lesson study {who}")
        await driver.send(who, "/delen expertise community")
        await driver.send(who, "/hulp", group=GROUP)
    alice, bob = driver._members["alice"], driver._members["bob"]
    bob_id = str(bob.client.mxid)
    pill = f'<a href="https://matrix.to/#/{bob_id}">Bob</a>'
    extra = {
        "format": "org.matrix.custom.html",
        "formatted_body": f"!intro {pill} Zullen we sparren?",
        "m.mentions": {"user_ids": [bob_id]},
    }
    room = RoomID(driver._groups[GROUP])
    await alice.say(room, "!intro Bob Zullen we sparren?", extra=extra)
    driver._expected += 1
    await driver._settle()
    await driver.eventually(
        lambda: "Ik heb het Bob gevraagd" in texts(driver.private("alice")), "alice answered"
    )
    await driver.tick()
    await driver.eventually(
        lambda: "Bericht van Alice: „Zullen we sparren?”" in texts(driver.private("bob")),
        "bob to be asked",
    )
    await driver.press("bob", "Ja")
    await driver.eventually(
        lambda: f"Je bereikt Alice via: {alice.client.mxid}" in texts(driver.private("bob")),
        "bob to get alice's user id",
    )
    await driver.tick()
    await driver.eventually(
        lambda: f"Je bereikt Bob via: {bob_id}" in texts(driver.private("alice")), "alice told"
    )
    assert bob_id not in texts(driver.group(GROUP))
