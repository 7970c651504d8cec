"""One failure at a time, on purpose: what the platform would not take after the immediate
retries is kept and arrives later, once; the handling of the message is never aborted."""

from __future__ import annotations

import logging

import pytest

from adapters.telegram.pacing import NETWORK_ATTEMPTS
from tests.faults.world import ACK, World

LOGGED = "✓ Genoteerd in je portfolio"


def refuse(world: World, method: str, chat: object, times: int = NETWORK_ATTEMPTS) -> None:
    for _ in range(times):
        world.api.fail_next(method, 500, "Internal Server Error", chat=chat)  # type: ignore[arg-type]


async def test_a_private_reply_that_keeps_failing_is_kept_and_arrives_once(
    faulty: World,
) -> None:
    world = faulty
    (anna,) = world.add_members(1)
    refuse(world, "sendMessage", anna.user)
    world.api.user_sends(anna.user, None, f"/log 1u intervisie {anna.tag}")
    await world.arrives(anna, f"Intervisie {anna.tag}", timeout=15)
    assert world.replies_kept() == 1
    assert [t for t in world.texts(anna) if LOGGED in t] == [world.texts(anna)[0]]
    assert await world.stored("SELECT title FROM activities") == [(f"Intervisie {anna.tag}",)]


async def test_a_failing_private_reply_does_not_cost_the_group_its_acknowledgement(
    faulty: World, caplog: pytest.LogCaptureFixture
) -> None:
    world = faulty
    (anna,) = world.add_members(1)
    group = world.add_group("Lerarenkamer")
    refuse(world, "sendMessage", anna.user)
    command = world.in_group(anna, group, f"/log 30 min lesbezoek {anna.tag}")
    await world.api.wait_until(lambda: world.acknowledged(command), 10, "the acknowledgement")
    assert not world.has(anna, f"Lesbezoek {anna.tag}")  # not yet: it was kept
    await world.arrives(anna, f"Lesbezoek {anna.tag}", timeout=15)
    assert len(world.private(anna)) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # no traceback


async def test_an_acknowledgement_that_cannot_be_sent_is_posted_later(faulty: World) -> None:
    world = faulty
    (anna,) = world.add_members(1)
    group = world.add_group("Lerarenkamer")
    refuse(world, "setMessageReaction", group)  # no reaction: the text acknowledgement …
    refuse(world, "sendMessage", group)  # … fails as well
    async with world.scheduler_running():
        command = world.in_group(anna, group, f"/log 30 min lesbezoek {anna.tag}")
        await world.arrives(anna, f"Lesbezoek {anna.tag}", timeout=10)
        await world.api.wait_until(
            lambda: [m.plain_text for m in world.api.sent(group)] == [ACK], 15, "the kept ack"
        )
    # Kept acknowledgements are posted in the group, no longer as an answer to the command.
    assert world.text_acks(command) == 0 and not world.api.reactions_in(group)
    assert world.replies_kept() == 1


async def test_a_429_or_a_5xx_never_doubles_a_reply(faulty: World) -> None:
    world = faulty
    (anna,) = world.add_members(1)
    world.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    world.api.fail_next("sendMessage", 502, "Bad Gateway", chat=anna.user)
    await world.says(anna, f"/log 1u intervisie {anna.tag}", f"Intervisie {anna.tag}", timeout=10)
    world.api.fail_next("sendMessage", 500, "Internal Server Error", chat=anna.user)
    await world.says(anna, f"/log 2u zelfstudie {anna.tag}", f"Zelfstudie {anna.tag}", timeout=10)
    assert len(world.private(anna)) == 2
    assert world.replies_kept() == 0  # the immediate retries were enough


async def test_a_press_whose_answer_fails_is_handled_all_the_same(faulty: World) -> None:
    world = faulty
    (anna,) = world.add_members(1)
    question = f"Hoe lang duurde 'Webinar {anna.tag}'?"
    await world.says(anna, f"/log webinar {anna.tag}", question)
    refuse(world, "answerCallbackQuery", None)
    message = world.with_text(anna, question)
    world.api.user_presses(anna.user, message, dict(message.buttons)["1 uur"] or "")
    await world.arrives(anna, "1 u · webinar", timeout=10)
    assert await world.stored("SELECT minutes FROM activities") == [(60,)]


async def test_a_member_who_blocked_the_bot_gets_the_reply_when_they_write_again(
    faulty: World,
) -> None:
    world = faulty
    (anna,) = world.add_members(1)
    await world.says(anna, "/rusttijd uit", "Je hebt geen rusttijd")
    world.api.forbid_private(anna.user, "Forbidden: bot was blocked by the user")
    world.api.user_sends(anna.user, None, f"/log 1u intervisie {anna.tag}")
    await world.api.wait_until(lambda: world.adapter.handled >= 2, what="the /log handled")
    assert world.replies_kept() == 1 and not world.has(anna, f"Intervisie {anna.tag}")
    world.api.allow_private(anna.user)  # she unblocks the bot and writes again
    world.api.user_sends(anna.user, None, "/activiteiten")
    await world.api.wait_until(lambda: len(world.private(anna)) >= 3, 10, "the listing")
    texts = world.texts(anna)
    assert len(texts) == 3, texts
    assert LOGGED in texts[1] and f"Intervisie {anna.tag}" in texts[2], texts  # in order
