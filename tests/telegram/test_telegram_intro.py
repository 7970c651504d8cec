"""/intro on Telegram names the colleague the Telegram way: by @username (the core finds
the member through the handle their messages carry) or by replying to their message; the
handles passed on are @usernames, or a tg:// link for someone without one."""

from __future__ import annotations

from adapters.telegram.adapter import TelegramAdapter
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401
from tests.fakes.telegram_model import FakeChat, FakeUser


class Room:
    def __init__(self, api: TelegramApiServer, bot: TelegramAdapter) -> None:
        self.api, self.bot = api, bot
        self.group = api.create_group("Lerarenkamer", supergroup=True)
        self.count = 0

    async def says(self, user: FakeUser, text: str, chat: FakeChat | None = None, **kw):
        sent = self.api.user_sends(user, chat, text, **kw)
        self.count += 1
        await self.api.wait_until(lambda: self.bot.handled >= self.count, what="handled")
        return sent

    async def colleague(self, user: FakeUser) -> object:
        await self.says(user, "/rusttijd uit")  # this test runs on the real clock, at any hour
        await self.says(user, f"/profiel expertise lesson study {user.first_name}")
        await self.says(user, "/delen expertise community")
        await self.says(user, "/hulp", self.group)  # the bot knows them in the group now
        # Chatter in a group is none of the bot's business, but it can be replied to.
        return self.api.user_sends(user, self.group, "Hallo allemaal")

    def private(self, user: FakeUser) -> str:
        return "\n".join(m.plain_text or "" for m in self.api.sent(self.api.private_chat(user)))

    async def private_has(self, user: FakeUser, text: str) -> None:
        await self.api.wait_until(lambda: text in self.private(user), what=f"{text!r}")

    async def press(self, user: FakeUser, label: str) -> None:
        for message in reversed(self.api.sent(self.api.private_chat(user))):
            for text, data in message.buttons:
                if text == label and data is not None:
                    self.api.user_presses(user, message, data)
                    self.count += 1
                    await self.api.wait_until(lambda: self.bot.handled >= self.count, what="press")
                    return
        raise AssertionError(f"no button {label!r}")


async def test_intro_by_username_mention(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    room = Room(telegram_api, bot)
    alice = telegram_api.create_user("Alice", username="alice_lerares")
    bob = telegram_api.create_user("Bob", username="bob_docent")
    for user in (alice, bob):
        await room.colleague(user)
    await room.says(alice, "/intro @bob_docent Zullen we sparren?", room.group)
    await room.private_has(bob, "Alice wil graag met je kennismaken")
    assert "Bericht van Alice: „Zullen we sparren?”" in room.private(bob)
    await room.press(bob, "Ja")
    await room.private_has(bob, "Je bereikt Alice via: @alice_lerares")
    await room.private_has(alice, "Je bereikt Bob via: @bob_docent")
    assert "@bob_docent" not in "\n".join(
        m.plain_text or "" for m in telegram_api.sent(room.group)
    )


async def test_intro_by_reply_and_a_handle_without_username(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    room = Room(telegram_api, bot)
    alice = telegram_api.create_user("Alice", username="alice_lerares")
    bob = telegram_api.create_user("Bob")  # no username
    await room.colleague(alice)
    hello = await room.colleague(bob)
    await room.says(alice, "/intro Mooi verhaal, zullen we bellen?", room.group, reply_to=hello)
    await room.private_has(alice, "Ik heb het Bob gevraagd")
    await room.private_has(bob, "Bericht van Alice: „Mooi verhaal, zullen we bellen?”")
    await room.press(bob, "Ja")
    await room.private_has(alice, f"Je bereikt Bob via: tg://user?id={bob.id}")
