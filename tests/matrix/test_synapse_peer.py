"""The Matrix test peer itself: a real Synapse and real clients, plain and encrypted."""

from __future__ import annotations

import asyncio

from mautrix.types import EncryptedEvent, EventType

from tests.fakes.matrix_clients import running
from tests.fakes.synapse import Synapse


async def test_two_members_talk_in_a_plain_dm(synapse: Synapse) -> None:
    alice, bob = synapse.register(), synapse.register()
    async with (
        running(synapse.url, alice, encryption=False) as a,
        running(synapse.url, bob, encryption=False) as b,
    ):
        room = await a.dm(bob.user_id, encrypted=False)
        await asyncio.wait_for(b.joined(room), 15)
        await a.say(room, "Hoi Bob")
        got = await asyncio.wait_for(b.wait_for(lambda e: e.body == "Hoi Bob"), 15)
        assert got.sender == alice.user_id and got.room_id == room


async def test_an_encrypted_dm_is_encrypted_on_the_wire_and_readable_both_ways(
    synapse: Synapse,
) -> None:
    alice, bob = synapse.register(), synapse.register()
    async with (
        running(synapse.url, alice, encryption=True) as a,
        running(synapse.url, bob, encryption=True) as b,
    ):
        room = await a.dm(bob.user_id, encrypted=True)
        await asyncio.wait_for(b.joined(room), 15)
        assert await a.state.is_encrypted(room)
        sent = await a.say(room, "Geheim")
        got = await asyncio.wait_for(b.wait_for(lambda e: e.body == "Geheim"), 15)
        assert got.sender == alice.user_id
        raw = await a.client.get_event(room, sent)  # type: ignore[arg-type]
        assert raw.type == EventType.ROOM_ENCRYPTED and isinstance(raw, EncryptedEvent)

        await b.say(room, "Ook geheim")
        back = await asyncio.wait_for(a.wait_for(lambda e: e.body == "Ook geheim"), 15)
        assert back.sender == bob.user_id


async def test_a_device_cross_signs_itself_with_a_recovery_key(synapse: Synapse) -> None:
    bot = synapse.register()
    async with running(synapse.url, bot, encryption=True) as b:
        assert b.crypto is not None
        recovery_key = await b.crypto.generate_recovery_key()
        assert len(recovery_key.replace(" ", "")) == 48
        keys = await b.client.query_keys([bot.user_id])
        device = keys.device_keys[bot.user_id][bot.device_id]
        master = keys.master_keys[bot.user_id]
        self_signing = keys.self_signing_keys[bot.user_id]
        ssk_id = next(iter(self_signing.keys))
        # The device is signed by the self-signing key, which the master key signed.
        assert ssk_id in device.signatures[bot.user_id]
        master_id = next(iter(master.keys))
        assert master_id in self_signing.signatures[bot.user_id]
