"""The Matrix adapter's own stories, against a real Synapse with real member clients."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import TYPE_CHECKING

from mautrix.types import EventType, UserID

from tests.contract.drivers import _open_core as open_core
from tests.contract.matrix_driver import MatrixDriver, matrix_adapter

if TYPE_CHECKING:
    from pathlib import Path

    from tests.fakes.synapse import Synapse

WAIT = 30


async def test_an_encrypted_dm_works_both_ways_and_is_encrypted_on_the_wire(
    tmp_path: Path, synapse: Synapse
) -> None:
    driver = await MatrixDriver.open(tmp_path / "p.db", synapse)
    try:
        await driver.send("Anna", "/log 1u intervisie geheim onderwerp")
        anna = driver._members["Anna"]
        room = driver._dms["Anna"]
        assert await anna.state.is_encrypted(room)
        reply = next(m for m in anna.messages if m.sender == driver.bot_id)
        assert "Intervisie geheim onderwerp" in reply.body
        # What the homeserver holds: ciphertext both ways.
        for event_id in (reply.event_id, *anna.sent):
            raw = await anna.client.api.request(
                "GET", f"/_matrix/client/v3/rooms/{room}/event/{event_id}"
            )
            assert raw["type"] == "m.room.encrypted", raw["type"]
            assert "intervisie" not in str(raw["content"]).casefold()
    finally:
        await driver.close()


async def test_the_bots_device_is_cross_signed(tmp_path: Path, synapse: Synapse) -> None:
    driver = await MatrixDriver.open(tmp_path / "p.db", synapse)
    try:
        session = driver.adapter.session
        keys = await session.client.query_keys([session.user_id])
        device = keys.device_keys[session.user_id][session.client.device_id]
        self_signing = keys.self_signing_keys[session.user_id]
        master = keys.master_keys[session.user_id]
        assert next(iter(self_signing.keys)) in device.signatures[session.user_id]
        assert next(iter(master.keys)) in self_signing.signatures[session.user_id]
    finally:
        await driver.close()


async def test_a_dm_room_is_created_once_and_reused(tmp_path: Path, synapse: Synapse) -> None:
    driver = await MatrixDriver.open(tmp_path / "p.db", synapse)
    try:
        # A reminder set in a group: the bot opens the DM itself, then keeps using it.
        await driver.send("Anna", "/herinner over 1 seconde koffie", group="PLG")
        driver.advance(2)
        await driver.tick()
        await driver.send("Anna", "/hulp", group="PLG")
        anna = driver._members["Anna"]
        groups = set(driver._groups.values())
        rooms = {m.room_id for m in anna.messages if m.sender == driver.bot_id} - groups
        assert len(rooms) == 1
        (room,) = rooms
        direct = await driver.adapter.session.client.get_account_data(EventType.DIRECT)
        assert direct[UserID(str(anna.client.mxid))] == [room]  # type: ignore[index]
        # And the DM the member made herself is the one used from then on.
        await driver.send("Bram", "/start")
        bram_room = driver._dms["Bram"]
        await driver.send("Bram", "/herinner over 1 seconde thee", group="PLG")
        driver.advance(2)
        await driver.tick()
        bram = driver._members["Bram"]
        assert {m.room_id for m in bram.messages if m.sender == driver.bot_id} - groups == {
            bram_room
        }
    finally:
        await driver.close()


async def test_a_restart_neither_repeats_nor_loses_an_event(
    tmp_path: Path, synapse: Synapse
) -> None:
    db = tmp_path / "p.db"
    driver = await MatrixDriver.open(db, synapse)
    await driver.send("Anna", "/log 1u intervisie voor de herstart")
    adapter = driver.adapter
    assert adapter.sync is not None
    bot_user = adapter.config.user_id
    token = adapter.config.access_token
    await adapter.stop()
    # While the bot is down, Anna writes; after the restart it is handled once.
    anna = driver._members["Anna"]
    await anna.say(driver._dms["Anna"], "!log 2u lesbezoek tijdens de herstart")
    restarted = matrix_adapter(
        driver.core,
        synapse,
        db,
        user_id=bot_user,
        access_token=token,
    )
    driver.adapter = restarted
    await restarted.start()
    driver._expected = 1  # the new adapter counts from zero: the one message of the downtime
    await driver._settle()
    listing = await _ask(driver, "/activiteiten")
    assert "(2)" in listing
    assert "herstart" in listing
    await restarted.stop()
    driver.adapter = matrix_adapter(driver.core, synapse, db, user_id=bot_user, access_token=token)
    await driver.adapter.start()
    driver._expected = 0
    await asyncio.sleep(1.5)  # a sync or two with nothing new: nothing handled again
    assert driver.adapter.processed == 0
    assert "(2)" in await _ask(driver, "/activiteiten")
    await driver.close()
    with sqlite3.connect(tmp_path / "matrix" / "matrix.db") as connection:
        (rows,) = connection.execute("SELECT count(*) FROM crypto_account").fetchone()
    assert rows == 1  # one device for the bot, kept across restarts


async def _ask(driver: MatrixDriver, text: str) -> str:
    await driver.send("Anna", text)
    return driver.private("Anna")[-1].text


async def test_a_message_before_its_room_key_is_answered_when_the_key_arrives(
    tmp_path: Path, synapse: Synapse
) -> None:
    driver = await MatrixDriver.open(tmp_path / "p.db", synapse)
    try:
        await driver.send("Anna", "/start")
        anna = driver._members["Anna"]
        room = driver._dms["Anna"]
        crypto = anna.crypto
        assert crypto is not None
        # Anna's device encrypts with a fresh room key that it shares with nobody yet, and
        # sends the key to the bot's device only after the message, as a slow device does.
        await crypto.crypto_store.remove_outbound_group_session(room)
        await crypto.share_group_session(room, [])
        session = await crypto.crypto_store.get_outbound_group_session(room)
        assert session is not None
        room_key = session.share_content  # the key from the first message on
        await anna.say(room, "!log 1u intervisie met late sleutel")
        await asyncio.sleep(1.5)
        assert driver.adapter.processed == 1  # the message waits for its key
        assert all("late sleutel" not in seen.text for seen in driver.private("Anna"))
        bot = UserID(driver.bot_id)
        device = (await crypto.crypto_store.get_devices(bot) or {})[
            driver.adapter.session.client.device_id
        ]
        olm = await crypto.crypto_store.get_latest_session(device.identity_key)
        assert olm is not None
        encrypted = await crypto._encrypt_olm_event(olm, device, EventType.ROOM_KEY, room_key)
        await anna.client.send_to_device(
            EventType.TO_DEVICE_ENCRYPTED, {bot: {device.device_id: encrypted}}
        )
        driver._expected = 2
        await driver._settle()
        assert "Intervisie met late sleutel" in driver.private("Anna")[-1].text
    finally:
        await driver.close()


async def test_a_message_whose_key_never_comes_gets_a_note(
    tmp_path: Path, synapse: Synapse
) -> None:
    db = tmp_path / "p.db"
    core = await open_core(db)
    adapter = matrix_adapter(core, synapse, db, decrypt_grace_seconds=0.5)
    driver = MatrixDriver(synapse, core, adapter)
    await adapter.start()
    try:
        await driver.send("Anna", "/start")
        anna = driver._members["Anna"]
        room = driver._dms["Anna"]
        crypto = anna.crypto
        assert crypto is not None
        await crypto.crypto_store.remove_outbound_group_session(room)
        await crypto.share_group_session(room, [])
        await anna.say(room, "!log 1u intervisie zonder sleutel")
        driver._expected = 2
        await driver._settle()
        note = driver.private("Anna")[-1].text
        assert "Ik kon je versleutelde bericht niet lezen" in note
    finally:
        await driver.close()
