"""The Matrix sync loop against a real Synapse: events kept before their token is stored
(nothing lost in a crash, nothing handled twice), members who do not wait for each other,
and the homeserver's rate limit (429 M_LIMIT_EXCEEDED) answered by backing off."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from adapters.matrix.translate import PLATFORM
from bot.bootstrap import bootstrap
from storage import open_store
from tests.contract.drivers import _core_settings
from tests.contract.drivers import _open_core as open_core
from tests.contract.matrix_driver import MatrixDriver, matrix_adapter

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from bot.chat.messages import Incoming
    from bot.chat.replies import Answer
    from tests.fakes.matrix_clients import MemberClient
    from tests.fakes.synapse import Synapse

WAIT = 30


def _hold(
    driver: MatrixDriver, monkeypatch: pytest.MonkeyPatch, user: MemberClient
) -> tuple[asyncio.Event, asyncio.Event]:
    """The core takes its time over `user`'s messages: it answers each only once `release`
    is set (`entered` tells that one arrived). Others are answered as usual."""
    answer = driver.core.router.answer
    entered, release = asyncio.Event(), asyncio.Event()

    async def held(incoming: Incoming) -> Answer:
        if incoming.sender.id == str(user.client.mxid):
            entered.set()
            await release.wait()
        return await answer(incoming)

    monkeypatch.setattr(driver.core.router, "answer", held)
    return entered, release


def _from_bot(driver: MatrixDriver, member: MemberClient) -> list[str]:
    return [m.body for m in member.messages if m.sender == driver.bot_id]


async def _kept(driver: MatrixDriver) -> list[str]:
    kept = await driver.core.store.run(lambda uow: uow.inbox.kept(PLATFORM))
    return [str(payload["event"].get("content", {}).get("body")) for _, payload in kept]


async def test_an_event_kept_but_not_handled_before_a_crash_is_handled_once_after_it(
    tmp_path: Path, synapse: Synapse, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.db"
    core = await open_core(db)
    adapter = matrix_adapter(core, synapse, db, stop_grace_seconds=0.2)
    driver = MatrixDriver(synapse, core, adapter)
    await adapter.start()
    try:
        await driver.send("Anna", "/start")
        anna = driver._members["Anna"]
        entered, _ = _hold(driver, monkeypatch, anna)
        await anna.say(driver._dms["Anna"], "!log 1u intervisie voor de crash")
        await asyncio.wait_for(entered.wait(), WAIT)
        # Kept (decrypted) and its batch's token stored: the homeserver will not send it
        # again. The bot goes down while handling it, before any effect.
        assert await _kept(driver) == ["!log 1u intervisie voor de crash"]
        bot_user, token = adapter.config.user_id, adapter.config.access_token
        await adapter.stop()
        assert adapter.processed == 1  # /start only
        assert await _kept(driver) == ["!log 1u intervisie voor de crash"]
        monkeypatch.undo()
        driver.adapter = matrix_adapter(core, synapse, db, user_id=bot_user, access_token=token)
        await driver.adapter.start()
        driver._expected = 1
        await driver._settle()
        await driver.eventually(
            lambda: any("Intervisie voor de crash" in b for b in _from_bot(driver, anna)),
            "the reply to the kept message",
        )
        assert await _kept(driver) == []  # handled, then forgotten
        listing = await _ask(driver, "Anna", "/activiteiten")
        assert listing.count("Intervisie voor de crash") == 1
        assert "(1)" in listing
    finally:
        await driver.close()


async def test_a_member_does_not_wait_for_another_members_slow_handling(
    tmp_path: Path, synapse: Synapse, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = await MatrixDriver.open(tmp_path / "p.db", synapse)
    try:
        await driver.send("Anna", "/start")
        await driver.send("Bram", "/start")
        anna, bram = driver._members["Anna"], driver._members["Bram"]
        entered, release = _hold(driver, monkeypatch, anna)
        await anna.say(driver._dms["Anna"], "!log 1u intervisie die lang duurt")
        await asyncio.wait_for(entered.wait(), WAIT)
        before = len(_from_bot(driver, bram))
        await bram.say(driver._dms["Bram"], "!activiteiten")
        # Bram's message comes in a later sync than Anna's, whose handling still waits.
        await driver.eventually(
            lambda: len(_from_bot(driver, bram)) > before, "Bram's reply while Anna's waits"
        )
        assert not release.is_set()
        assert all("lang duurt" not in b for b in _from_bot(driver, anna))
        release.set()
        await driver.eventually(
            lambda: any("Intervisie die lang duurt" in b for b in _from_bot(driver, anna)),
            "Anna's reply once her handling goes on",
        )
    finally:
        await driver.close()


async def test_a_room_keeps_its_order_while_its_first_event_is_slow(
    tmp_path: Path, synapse: Synapse, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = await MatrixDriver.open(tmp_path / "p.db", synapse)
    try:
        await driver.send("Anna", "/start")
        anna = driver._members["Anna"]
        entered, release = _hold(driver, monkeypatch, anna)
        room = driver._dms["Anna"]
        await anna.say(room, "!log 1u eerste activiteit")
        await asyncio.wait_for(entered.wait(), WAIT)
        await anna.say(room, "!log 1u tweede activiteit")
        await asyncio.sleep(1.0)  # a sync or two: the second waits behind the first
        assert driver.adapter.processed == 1
        release.set()
        driver._expected = 3
        await driver._settle()
        replies = _from_bot(driver, anna)
        first = next(i for i, b in enumerate(replies) if "Eerste activiteit" in b)
        second = next(i for i, b in enumerate(replies) if "Tweede activiteit" in b)
        assert first < second
    finally:
        await driver.close()


async def test_the_homeservers_rate_limit_is_waited_out_and_every_reply_delivered(
    tmp_path: Path, synapse: Synapse
) -> None:
    db = tmp_path / "p.db"
    store = await open_store(f"sqlite:///{db}")
    core = bootstrap(store, _core_settings(db))  # the real clock: kept replies come due
    adapter = matrix_adapter(core, synapse, db)
    driver = MatrixDriver(synapse, core, adapter)
    await adapter.start()
    try:
        await driver.send("Anna", "/start")
        anna = driver._members["Anna"]
        # One message a second, no burst beyond it (Synapse takes whole numbers only):
        # of three quick replies at least one gets 429 M_LIMIT_EXCEEDED and a time to wait.
        synapse.limit_messages(driver.bot_id, per_second=1, burst=1)
        before = len(_from_bot(driver, anna))
        room = driver._dms["Anna"]
        for command in ("!hulp", "!activiteiten", "!doelen"):
            await anna.say(room, command)
        await driver.eventually(
            lambda: len(_from_bot(driver, anna)) >= before + 3, "every reply, in time"
        )
        assert driver.adapter.sending is not None
        assert driver.adapter.sending.rate_limited >= 1  # Synapse did refuse
        await asyncio.sleep(1.0)
        replies = _from_bot(driver, anna)[before:]
        assert len(replies) == 3, replies  # each reply once
    finally:
        await driver.close()


async def _ask(driver: MatrixDriver, user: str, text: str) -> str:
    await driver.send(user, text)
    return driver.private(user)[-1].text
