"""/profiel on Telegram names the colleague the Telegram way: by @username (found through
the handle their messages carry) or by replying to their message; someone who shares
nothing gets the answer someone unknown gets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.fakes.telegram_fixture import telegram_api  # noqa: F401
from tests.telegram.test_telegram_intro import Room

if TYPE_CHECKING:
    from adapters.telegram.adapter import TelegramAdapter
    from tests.fakes.telegram_api import TelegramApiServer
    from tests.fakes.telegram_model import FakeUser


def last_private(room: Room, user: FakeUser) -> str:
    return room.api.sent(room.api.private_chat(user))[-1].plain_text or ""


async def test_profile_by_username_and_by_reply(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    room = Room(telegram_api, bot)
    alice = telegram_api.create_user("Alice", username="alice_lerares")
    bob = telegram_api.create_user("Bob", username="bob_docent")
    await room.colleague(alice)
    hello = await room.colleague(bob)
    await room.says(alice, "/profiel @bob_docent", room.group)
    await room.private_has(alice, "lesson study Bob")
    assert "lesson study Bob" not in "\n".join(
        m.plain_text or "" for m in telegram_api.sent(room.group)
    )
    await room.says(alice, "/profiel school De Linde")
    # A reply alone: the profile of whoever wrote the message replied to, not one's own.
    await room.says(alice, "/profiel", room.group, reply_to=hello)
    await telegram_api.wait_until(
        lambda: "lesson study Bob" in last_private(room, alice), what="bob's"
    )
    assert "De Linde" not in last_private(room, alice)


async def test_shares_nothing_looks_like_unknown(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    room = Room(telegram_api, bot)
    alice = telegram_api.create_user("Alice", username="alice_lerares")
    await room.colleague(alice)
    dora = telegram_api.create_user("Dora", username="dora_docent")
    await room.says(dora, "/hulp", room.group)  # in the group, sharing nothing
    known_hello = telegram_api.user_sends(dora, room.group, "Hallo")
    stranger = telegram_api.create_user("Dora", username="dora_elders")  # never used the bot
    unknown_hello = telegram_api.user_sends(stranger, room.group, "Hallo")
    answers = []

    def count() -> int:
        return len(telegram_api.sent(telegram_api.private_chat(alice)))

    for kw, text in (
        ({}, "/profiel @dora_docent"),
        ({}, "/profiel @dora_elders"),
        ({"reply_to": known_hello}, "/profiel"),
        ({"reply_to": unknown_hello}, "/profiel"),
    ):
        before = count()
        await room.says(alice, text, room.group, **kw)
        await telegram_api.wait_until(lambda b=before: count() > b, what="an answer")
        answers.append(last_private(room, alice))
    assert "niets laten zien" in answers[0]
    assert answers[0].replace("docent", "elders") == answers[1]
    assert answers[2] == answers[3]
    assert "Dora" in answers[2]
