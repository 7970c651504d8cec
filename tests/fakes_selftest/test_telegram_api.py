"""The fake Bot API, proven against the real python-telegram-bot 22 and raw HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from typing import Any

import aiohttp
import pytest
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import AIORateLimiter, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import polling, ptb_builder, telegram_api
from tests.fakes.telegram_markup import MarkupError, render
from tests.fakes.telegram_model import ApiError, FakeChat, RateLimits

__all__ = ["telegram_api"]  # the fixture, imported for pytest

Context = ContextTypes.DEFAULT_TYPE


async def raw_call(api: TelegramApiServer, method: str, **params: Any) -> tuple[int, Any]:
    """One Bot API call without PTB, JSON-encoded; returns (status, body)."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{api.base_url}{api.token}/{method}", json=params) as response,
    ):
        assert response.headers["Content-Type"] == "application/json"
        return response.status, await response.json()


# --- round trips through a real Application -----------------------------------------------


async def test_command_and_button_round_trip(telegram_api: TelegramApiServer) -> None:
    api = telegram_api
    seen_args: list[list[str]] = []

    async def start(update: Update, context: Context) -> None:
        assert update.effective_chat is not None
        seen_args.append(list(context.args or []))
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="yes")]])
        await update.effective_chat.send_message(
            "<b>Welkom</b> &amp; succes", parse_mode="HTML", reply_markup=keyboard
        )

    async def pressed(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Genoteerd")
        await query.edit_message_text(f"Gekozen: {query.data}")

    app = ptb_builder(api).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    anne = api.create_user("Anne")
    group = api.create_group("Sectie Nederlands")
    async with polling(app):
        mine = api.user_sends(anne, None, "/start portfolio")
        [welcome] = await api.wait_for_sent(anne, 1)
        as_sent = (welcome.text, welcome.parse_mode, welcome.plain_text, welcome.buttons)
        api.user_sends(anne, group, "/start@PortfolioTestBot")
        await api.wait_for_sent(group, 1)
        api.user_presses(anne, welcome, "yes")
        await api.wait_until(lambda: bool(api.callback_answers), what="the answer")
        await api.wait_until(lambda: bool(api.sent(anne)[0].history), what="the edit")

    assert seen_args == [["portfolio"], []]
    assert (mine.message_id, welcome.message_id) == (1, 2)  # per chat, user's and bot's
    # Recorded raw, as sent, with what a client shows.
    assert as_sent == ("<b>Welkom</b> &amp; succes", "HTML", "Welkom & succes", [("Ja", "yes")])
    keyboard = {"inline_keyboard": [[{"callback_data": "yes", "text": "Ja"}]]}
    assert welcome.history == [("<b>Welkom</b> &amp; succes", keyboard)]
    assert (welcome.text, welcome.plain_text, welcome.reply_markup) == (
        "Gekozen: yes",
        "Gekozen: yes",
        None,
    )
    assert api.callback_answers[0].text == "Genoteerd"
    assert api.pending_update_ids == []


async def test_long_poll_is_idle_and_prompt(telegram_api: TelegramApiServer) -> None:
    api = telegram_api
    replied = asyncio.Event()

    async def ping(update: Update, context: Context) -> None:
        assert update.effective_chat is not None
        await update.effective_chat.send_message("pong")
        replied.set()

    app = ptb_builder(api).build()
    app.add_handler(CommandHandler("ping", ping))
    user = api.create_user()
    async with polling(app):
        await asyncio.sleep(2.0)
        idle_polls = api.call_count("getUpdates")
        started = time.monotonic()
        api.user_sends(user, None, "/ping")
        await asyncio.wait_for(replied.wait(), 2.0)
        latency = time.monotonic() - started

    # An immediately empty getUpdates would make PTB call ~420 times a second.
    assert idle_polls < 10
    assert latency < 0.5  # a pending long poll answers as soon as the update exists


async def test_restart_handles_every_update_exactly_once(telegram_api: TelegramApiServer) -> None:
    api = telegram_api
    handled: list[int] = []

    async def note(update: Update, context: Context) -> None:
        handled.append(update.update_id)
        await asyncio.sleep(0.01)  # work takes time, so the stop lands mid-stream

    user = api.create_user()
    first = ptb_builder(api).build()
    first.add_handler(CommandHandler("note", note))
    async with polling(first):
        for n in range(5):
            api.user_sends(user, None, f"/note {n}")
        await api.wait_until(lambda: len(handled) >= 2, what="two handled updates")
        for n in range(5, 10):  # these arrive while the first bot is shutting down
            api.user_sends(user, None, f"/note {n}")
    unconfirmed = api.pending_update_ids
    handled_by_first = list(handled)

    second = ptb_builder(api).build()
    second.add_handler(CommandHandler("note", note))
    async with polling(second):
        await api.wait_until(lambda: len(handled) >= 10, what="all ten updates")
        await asyncio.sleep(0.05)  # room for a wrongly redelivered update to show up

    assert unconfirmed, "the first bot should have left updates for the second"
    assert all(u not in handled_by_first for u in unconfirmed)
    assert sorted(handled) == list(range(1, 11))
    assert len(handled) == len(set(handled))


async def test_offset_confirms_and_unconfirmed_updates_come_again(
    telegram_api: TelegramApiServer,
) -> None:
    api = telegram_api
    user = api.create_user()
    for text in ("een", "twee", "drie"):
        api.user_sends(user, None, text)

    _, body = await raw_call(api, "getUpdates", timeout=0)
    assert [u["update_id"] for u in body["result"]] == [1, 2, 3]
    # A client that crashed before confirming gets the same updates again...
    _, body = await raw_call(api, "getUpdates", timeout=0, limit=2)
    assert [u["update_id"] for u in body["result"]] == [1, 2]
    # ...and an offset confirms everything below it for good.
    _, body = await raw_call(api, "getUpdates", offset=3, timeout=0)
    assert [u["message"]["text"] for u in body["result"]] == ["drie"]
    _, body = await raw_call(api, "getUpdates", offset=2, timeout=0)
    assert [u["update_id"] for u in body["result"]] == [3]


async def test_a_newer_poll_ends_an_older_one_with_conflict(
    telegram_api: TelegramApiServer,
) -> None:
    older = asyncio.create_task(raw_call(telegram_api, "getUpdates", timeout=5))
    await telegram_api.wait_until(lambda: telegram_api.call_count("getUpdates") == 1)
    status, body = await raw_call(telegram_api, "getUpdates", timeout=0)
    assert (status, body["result"]) == (200, [])
    status, body = await older
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates")


async def test_wire_formats_and_envelopes(telegram_api: TelegramApiServer) -> None:
    api = telegram_api
    group = api.create_group("Team")
    url = f"{api.base_url}{api.token}"
    keyboard = '{"inline_keyboard": [[{"text": "Ok", "callback_data": "42"}]]}'
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/getMe") as response:
            me = await response.json()
        # Form encoding as PTB does it: strings raw, everything else JSON-encoded.
        form = {"chat_id": str(group.id), "text": "Hoi", "reply_markup": keyboard}
        async with session.post(f"{url}/sendMessage", data=form) as response:
            sent = await response.json()
            content_type = response.headers["Content-Type"]
        async with session.post(f"{url}/noSuchMethod") as response:
            missing = (response.status, await response.json())
        async with session.post(f"{api.base_url}123:wrong/getMe") as response:
            unauthorized = response.status

    assert me["result"]["username"] == "PortfolioTestBot"
    assert content_type == "application/json"
    assert sent["result"]["chat"]["id"] == group.id
    assert api.sent(group)[0].buttons == [("Ok", "42")]
    assert missing == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert unauthorized == 401


# --- methods and errors, through PTB's Bot -------------------------------------------------


async def test_commands_are_recorded_per_scope_and_language(
    telegram_api: TelegramApiServer,
) -> None:
    api = telegram_api
    group = api.create_group("Team")
    async with ptb_builder(api).build() as app:
        await app.bot.set_my_commands([BotCommand("start", "Begin")])
        await app.bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
        await app.bot.set_my_commands(
            [BotCommand("rooster", "Rooster")], scope=BotCommandScopeAllGroupChats()
        )
        await app.bot.set_my_commands(
            [BotCommand("team", "Team")], scope=BotCommandScopeChat(group.id)
        )
        fetched = await app.bot.get_my_commands(language_code="en")
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await app.bot.set_my_commands([BotCommand("Start-Nu", "Hoofdletters")])

    assert api.commands() == [("start", "Begin")]
    assert api.commands(language="en") == [("start", "Start")]
    assert api.commands("all_group_chats") == [("rooster", "Rooster")]
    assert api.commands({"type": "chat", "chat_id": group.id}) == [("team", "Team")]
    assert api.commands("all_private_chats") == []
    assert [(c.command, c.description) for c in fetched] == [("start", "Start")]


async def test_documents_and_photos_arrive_with_their_bytes(
    telegram_api: TelegramApiServer,
) -> None:
    api = telegram_api
    user = api.create_user()
    upload = api.user_sends_document(user, None, "les.pdf", b"%PDF-1.7 bewijs")
    async with ptb_builder(api).build() as app:
        await app.bot.send_document(
            user.id,
            b"naam;uren\nAnne;12\n",
            "Je <i>uren</i>",
            parse_mode="HTML",
            filename="uren.csv",
        )
        await app.bot.send_photo(user.id, b"\x89PNG fake", filename="grafiek.png")
        assert upload.document is not None
        telegram_file = await app.bot.get_file(upload.document.file_id)
        downloaded = await telegram_file.download_as_bytearray()

    document, photo = api.sent(user)
    assert document.document is not None and photo.photo is not None
    assert (document.document.filename, document.document.content) == (
        "uren.csv",
        b"naam;uren\nAnne;12\n",
    )
    assert (document.caption, document.plain_text) == ("Je <i>uren</i>", "Je uren")
    assert (photo.photo.filename, photo.photo.content) == ("grafiek.png", b"\x89PNG fake")
    assert bytes(downloaded) == b"%PDF-1.7 bewijs"


async def test_forbidden_private_chat_raises_forbidden(telegram_api: TelegramApiServer) -> None:
    api = telegram_api
    user = api.create_user()
    api.forbid_private(user)
    async with ptb_builder(api).build() as app:
        with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
            await app.bot.send_message(user.id, "Hoi")
        with pytest.raises(BadRequest, match="Chat not found"):
            await app.bot.send_message(424242, "Hoi")
    assert api.sent(user) == []


async def test_chat_and_administrators(telegram_api: TelegramApiServer) -> None:
    api = telegram_api
    anne, bob = api.create_user("Anne"), api.create_user("Bob")
    group = api.create_group("Sectie Nederlands", supergroup=True)
    api.set_administrators(group, [bob], owner=anne)
    async with ptb_builder(api).build() as app:
        admins = await app.bot.get_chat_administrators(group.id)
        chat = await app.bot.get_chat(group.id)
        with pytest.raises(BadRequest, match="no administrators in the private chat"):
            await app.bot.get_chat_administrators(anne.id)

    assert [(a.status, a.user.id) for a in admins] == [
        ("creator", anne.id),
        ("administrator", bob.id),
    ]
    assert (chat.id, chat.type, chat.title) == (group.id, "supergroup", "Sectie Nederlands")
    assert str(group.id).startswith("-100")


async def test_flood_limit_raises_retry_after(telegram_api: TelegramApiServer) -> None:
    api = telegram_api
    user = api.create_user()
    api.enforce_rate_limits(RateLimits(private_burst=3))
    async with ptb_builder(api).build() as app:
        for n in range(3):
            await app.bot.send_message(user.id, f"bericht {n}")
        with pytest.raises(RetryAfter) as raised:
            await app.bot.send_message(user.id, "een te veel")
        api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
        with pytest.raises(RetryAfter) as injected:
            await app.bot.send_message(api.create_user().id, "ander gesprek")

    # PTB_TIMEDELTA is set by the fixture, so retry_after is a timedelta.
    assert raised.value.retry_after == dtm.timedelta(seconds=1)
    assert injected.value.retry_after == dtm.timedelta(seconds=7)
    assert api.rate_limited == 1
    assert len(api.sent(user)) == 3


async def test_aio_rate_limiter_recovers_from_429(telegram_api: TelegramApiServer) -> None:
    api = telegram_api
    user = api.create_user()
    api.enforce_rate_limits(RateLimits(private_burst=2))
    app = ptb_builder(api).rate_limiter(AIORateLimiter(max_retries=2)).build()
    async with app:
        for n in range(3):
            await app.bot.send_message(user.id, f"bericht {n}")
    # PTB's limiter only spaces out group messages; a private burst gets a 429, then retries.
    assert api.rate_limited == 1
    assert [m.text for m in api.sent(user)] == ["bericht 0", "bericht 1", "bericht 2"]


@pytest.mark.parametrize(
    ("text", "parse_mode"),
    [
        ("<b>open", "HTML"),
        ("<b>kruis <i>door</b></i>", "HTML"),
        ("<div>blok</div>", "HTML"),
        ("3 < 4", "HTML"),
        ('<span class="rood">x</span>', "HTML"),
        ("Klaar.", "MarkdownV2"),
        ("*vet", "MarkdownV2"),
    ],
)
async def test_malformed_markup_is_bad_request(
    telegram_api: TelegramApiServer, text: str, parse_mode: str
) -> None:
    user = telegram_api.create_user()
    async with ptb_builder(telegram_api).build() as app:
        with pytest.raises(BadRequest, match=r"^Can't parse entities: "):
            await app.bot.send_message(user.id, text, parse_mode=parse_mode)
    assert telegram_api.sent(user) == []


async def test_edit_without_change_is_not_modified(telegram_api: TelegramApiServer) -> None:
    user = telegram_api.create_user()
    async with ptb_builder(telegram_api).build() as app:
        message = await app.bot.send_message(user.id, "Zelfde")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await message.edit_text("Zelfde")
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await app.bot.edit_message_text("Nieuw", chat_id=user.id, message_id=99)


async def test_reactions_and_mentions(telegram_api: TelegramApiServer) -> None:
    anna = telegram_api.create_user("Anna")
    group = telegram_api.create_group("PLG", supergroup=True)
    command = telegram_api.user_sends(anna, group, "/log 1u intervisie")
    async with ptb_builder(telegram_api).build() as app:
        assert await app.bot.set_message_reaction(group.id, command.message_id, "✍")
        assert telegram_api.reactions_in(group) == {command.message_id: ["✍"]}
        await app.bot.set_message_reaction(group.id, command.message_id, "👌")  # replaces
        assert telegram_api.reactions_in(group) == {command.message_id: ["👌"]}
        with pytest.raises(BadRequest, match="Reaction_invalid"):
            await app.bot.set_message_reaction(group.id, command.message_id, "🦖")
        with pytest.raises(BadRequest, match="Message to react not found"):
            await app.bot.set_message_reaction(group.id, 999, "👍")
        sent = await app.bot.send_message(
            group.id, f'<a href="tg://user?id={anna.id}">Anna</a>, kijk even', parse_mode="HTML"
        )
    (mention,) = sent.entities
    assert mention.type == "text_mention" and mention.user is not None
    assert mention.user.id == anna.id and (mention.offset, mention.length) == (0, 4)


async def test_shutdown_is_prompt() -> None:
    async with TelegramApiServer.running() as api:
        app = ptb_builder(api).build()
        async with polling(app):
            await asyncio.sleep(0.2)  # a long poll is pending now
            started = time.monotonic()
        app_stop = time.monotonic() - started
        # A client that never stops polling must not hold the server up either.
        stray = asyncio.create_task(raw_call(api, "getUpdates", timeout=30))
        await api.wait_until(lambda: api.call_count("getUpdates") >= 3)
        started = time.monotonic()
    server_stop = time.monotonic() - started
    status, body = await stray
    assert app_stop < 1.0
    assert server_stop < 1.0
    assert (status, body["result"]) == (200, [])


# --- the pieces on their own --------------------------------------------------------------


def test_html_renders_to_text_and_utf16_entities() -> None:
    rendered = render(
        '👩‍🏫 <b><u>vet</u> <i>schuin</i></b> <a href="https://x.nl">link</a> &lt;', "HTML"
    )
    assert rendered.text == "👩‍🏫 vet schuin link <"
    assert rendered.entities == [  # the teacher emoji is 5 UTF-16 code units
        {"type": "bold", "offset": 6, "length": 10},
        {"type": "underline", "offset": 6, "length": 3},
        {"type": "italic", "offset": 10, "length": 6},
        {"type": "text_link", "offset": 17, "length": 4, "url": "https://x.nl"},
    ]


def test_markdown_v2_renders_escapes_and_entities() -> None:
    rendered = render(r"*Klaar\!* Zie [hier](https://x.nl/a\)b) en `a.b`", "MarkdownV2")
    assert rendered.text == "Klaar! Zie hier en a.b"
    assert [e["type"] for e in rendered.entities] == ["bold", "text_link", "code"]
    assert rendered.entities[1]["url"] == "https://x.nl/a)b"
    with pytest.raises(MarkupError, match="Character '!' is reserved"):
        render("Hoi!", "MarkdownV2")


def test_group_flood_limit_is_twenty_a_minute() -> None:
    limits = RateLimits()
    group = FakeChat(-4_000_000_001, "group", "Team")
    for _ in range(20):
        limits.check(group, at=0.0)
    with pytest.raises(ApiError, match="Too Many Requests") as raised:
        limits.check(group, at=1.0)
    assert (raised.value.code, raised.value.retry_after) == (429, 2)  # a token per 3 s
    limits.check(group, at=3.0)
    assert limits.rejected == 1
