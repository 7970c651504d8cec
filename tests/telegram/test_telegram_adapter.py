"""The Telegram adapter's own behaviour, with the real python-telegram-bot against the
loopback Bot API: menus, buttons, moderators, errors and retries, restarts, webhooks."""

from __future__ import annotations

import asyncio
import html
import json
import socket
import time
from pathlib import Path

import aiohttp
import pytest
from telegram import Update

from adapters.runtime import configured_adapters
from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.pacing import TELEGRAM_LIMITS
from adapters.telegram.render import chunks, keyboard
from bot.bootstrap import Core
from bot.chat.messages import Attachment, Choice, Outgoing, Span, Style, Text
from bot.settings import Settings
from tests.contract.drivers import telegram_adapter
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401
from tests.fakes.telegram_model import RateLimits
from tests.integration.storage_builders import sql_scalar

COUNT_ACTIVITIES = "SELECT count(*) FROM activities"


def sql_rows(uow: object, sql: str) -> list[tuple[object, ...]]:
    connection = uow.members._db  # type: ignore[attr-defined]
    return [tuple(row) for row in connection.exec_driver_sql(sql)]


async def handled(api: TelegramApiServer, bot: TelegramAdapter, count: int) -> None:
    await api.wait_until(lambda: bot.handled >= count, what=f"{count} updates handled")


async def test_command_menus_per_language_and_scope(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    private_nl = dict(telegram_api.commands("all_private_chats"))
    private_en = dict(telegram_api.commands("all_private_chats", "en"))
    groups_nl = dict(telegram_api.commands("all_group_chats"))
    assert "log" in private_nl and "activiteiten" in private_nl and "annuleer" in private_nl
    assert "activities" in private_en and "activiteiten" not in private_en
    assert "annuleer" not in groups_nl and "log" in groups_nl
    assert private_nl["log"] and private_en["log"] != private_nl["log"]  # translated
    assert all(1 <= len(text) <= 256 for text in private_nl.values())
    admins_nl = dict(telegram_api.commands("all_chat_administrators"))
    admins_en = dict(telegram_api.commands("all_chat_administrators", "en"))
    moderators = {"verberg", "toon", "moderatielog", "suggesties", "goedkeuren", "afwijzen"}
    settings = {"tijdzone", "rusttijd", "vakantie", "taal", "export", "steuntjes"}
    # Moderators' commands only in the administrators' menu …
    assert moderators <= admins_nl.keys() and {"hide", "unhide", "modlog"} <= admins_en.keys()
    assert not moderators & (private_nl.keys() | groups_nl.keys())
    # … personal settings only in private chats …
    assert settings <= private_nl.keys() and not settings & (groups_nl.keys() | admins_nl.keys())
    # … and the group menu holds what a member does in a group (administrators see it too).
    assert {"log", "activiteiten", "doel", "herinner", "beoordeel", "reviewronde"} <= (
        groups_nl.keys()
    )
    assert groups_nl.keys() <= admins_nl.keys() and "reviewronde" not in private_nl
    # Telegram allows 100 per scope (the private menu holds 40 since profiles, photos,
    # introductions and linking); the group menu stays the shorter one.
    assert len(groups_nl) < len(private_nl) <= 100


async def test_commands_for_another_bot_are_ignored_in_groups(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    group = telegram_api.create_group("Sectie Engels", supergroup=True)
    other = telegram_api.user_sends(anna, group, "/log@SomeOtherBot 1u intervisie")
    ours = telegram_api.user_sends(anna, group, "/log@PortfolioTestBot 1u intervisie")
    await handled(telegram_api, bot, 2)
    assert telegram_api.sent(group) == []  # acknowledged with a reaction, not a message
    assert telegram_api.reactions_in(group) == {ours.message_id: ["✍"]}
    assert other.message_id not in telegram_api.reactions_in(group)
    assert len(telegram_api.sent(anna)) == 1


async def test_a_group_without_reactions_gets_the_text_acknowledgement(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    group = telegram_api.create_group("Sectie Engels", supergroup=True)
    telegram_api.fail_next("setMessageReaction", 400, "Bad Request: REACTION_INVALID")
    command = telegram_api.user_sends(anna, group, "/log 1u intervisie")
    await handled(telegram_api, bot, 1)
    (ack,) = telegram_api.sent(group)
    assert ack.plain_text == "✓ Genoteerd — de details staan in je privéchat."
    assert ack.reply_to_message_id == command.message_id  # answers the command
    assert telegram_api.reactions_in(group) == {}


async def test_the_private_chat_note_is_in_the_members_language_with_a_mention(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    dana = telegram_api.create_user("Dana", language_code="en")
    sem = telegram_api.create_user("Sem", language_code="nl")
    group = telegram_api.create_group("Staff room", supergroup=True)
    telegram_api.forbid_private(dana)
    telegram_api.forbid_private(sem)
    asked = telegram_api.user_sends(dana, group, "/activities")
    telegram_api.user_sends(sem, group, "/activiteiten")
    await handled(telegram_api, bot, 2)
    english, dutch = telegram_api.sent(group)
    assert english.reply_to_message_id == asked.message_id
    assert (english.plain_text or "").startswith("Dana, I have something for you")
    assert english.buttons == [("💬 Open a private chat", None)]
    assert (dutch.plain_text or "").startswith("Sem, ik heb iets voor je klaarliggen")
    assert dutch.buttons == [("💬 Open een privégesprek", None)]
    (mention,) = [e for e in english.entities if e["type"] == "text_mention"]
    assert mention["user"]["id"] == dana.id and mention["offset"] == 0
    assert mention["length"] == len("Dana")


async def test_a_question_is_closed_once_answered_and_old_buttons_expire(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    telegram_api.user_sends(anna, None, "/log webinar formatief evalueren")
    await handled(telegram_api, bot, 1)
    (question,) = telegram_api.sent(anna)
    data = dict(question.buttons)["halve dag"]
    assert data is not None
    telegram_api.user_presses(anna, question, data)
    await handled(telegram_api, bot, 2)
    question, answer = telegram_api.sent(anna)
    assert question.buttons == []  # buttons removed …
    assert question.plain_text is not None and question.plain_text.endswith("✓ halve dag")
    assert "4 u · webinar" in (answer.plain_text or "")
    # An old button (kept by a client that did not refresh) gets a toast, not a message.
    stale = question.history[0][1]
    question.reply_markup = stale
    telegram_api.user_presses(anna, question, data)
    await handled(telegram_api, bot, 3)
    assert "verlopen" in (telegram_api.callback_answers[-1].text or "")
    assert len(telegram_api.sent(anna)) == 2


async def test_group_administrators_are_moderators_cached_briefly(
    core: Core,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    adapter = telegram_adapter(core, telegram_api, admin_cache_seconds=60)
    await adapter.start()
    try:
        anna, ben = telegram_api.create_user("Anna"), telegram_api.create_user("Ben")
        group = telegram_api.create_group("PLG rekenen", supergroup=True)
        telegram_api.set_administrators(group, [anna])
        assert await adapter.is_administrator(group.id, anna.id)
        assert not await adapter.is_administrator(group.id, ben.id)
        telegram_api.set_administrators(group, [anna, ben])
        assert not await adapter.is_administrator(group.id, ben.id)  # cached
        assert telegram_api.call_count("getChatAdministrators") == 1
    finally:
        await adapter.stop()


async def test_administrators_are_asked_for_only_when_a_command_needs_a_moderator(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna, ben = telegram_api.create_user("Anna"), telegram_api.create_user("Ben")
    group = telegram_api.create_group("PLG rekenen", supergroup=True)
    telegram_api.set_administrators(group, [anna])
    telegram_api.user_sends(anna, group, "/hulp")
    telegram_api.user_sends(ben, group, "/log 1u intervisie")
    await handled(telegram_api, bot, 2)
    assert telegram_api.call_count("getChatAdministrators") == 0
    telegram_api.user_sends(ben, group, "/reviewronde sluit")
    await handled(telegram_api, bot, 3)
    assert "alleen moderatoren" in (telegram_api.sent(group)[-1].plain_text or "")
    telegram_api.user_sends(anna, group, "/reviewronde sluit")
    await handled(telegram_api, bot, 4)
    assert "Er loopt nu geen reviewronde" in (telegram_api.sent(group)[-1].plain_text or "")
    assert telegram_api.call_count("getChatAdministrators") == 2  # once per such command


async def test_flood_control_is_honoured_and_network_errors_retried(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    telegram_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    telegram_api.fail_next("sendMessage", 502, "Bad Gateway")
    started = time.monotonic()
    telegram_api.user_sends(anna, None, "/start")
    await handled(telegram_api, bot, 1)
    (welcome,) = telegram_api.sent(anna)
    assert "Hoi Anna" in (welcome.plain_text or "")
    assert time.monotonic() - started >= 1.0  # waited as Telegram asked
    assert bot.pacing.retried_after == 1
    assert telegram_api.call_count("sendMessage") == 3  # 429, 502, then delivered


async def test_restart_mid_stream_loses_nothing_and_repeats_nothing(
    core: Core,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    users = [telegram_api.create_user(f"Leraar{n}") for n in range(6)]
    first = telegram_adapter(core, telegram_api)
    await first.start()

    async def stream() -> None:  # users keep writing, before, during and after the restart
        for round_ in range(10):
            for user in users:
                telegram_api.user_sends(user, None, f"/log 30 min activiteit {round_}")
                await asyncio.sleep(0.004)

    writing = asyncio.create_task(stream())
    await telegram_api.wait_until(lambda: first.handled >= 12, what="some handled")
    await first.stop()  # mid-stream
    stopped_at = first.handled
    assert 12 <= stopped_at < 60
    await asyncio.sleep(0.05)  # the bot is down for a moment; messages keep coming
    second = telegram_adapter(core, telegram_api)
    await second.start()
    await writing
    try:
        await telegram_api.wait_until(
            lambda: (
                not telegram_api.pending_update_ids
                and all(len(telegram_api.sent(user)) == 10 for user in users)
            ),
            what="every update answered",
        )
        await asyncio.sleep(0.2)
        for user in users:
            replies = [m.plain_text or "" for m in telegram_api.sent(user)]
            assert len(replies) == 10  # one reply per update: none lost, none twice
            assert sorted(int(r.split("#")[1].split()[0]) for r in replies) == list(range(1, 11))
        count = await core.store.run(
            lambda uow: sql_scalar(uow, "SELECT count(*) FROM activities")
        )
        assert count == 60
    finally:
        await second.stop()


async def test_crash_after_handling_redelivers_without_a_second_effect(
    core: Core,
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    telegram_api.user_sends(anna, None, "/log 1u intervisie")
    await handled(telegram_api, bot, 1)
    telegram_api.redeliver(telegram_api.last_update_id)  # as if the offset never got out
    await handled(telegram_api, bot, 2)
    assert len(telegram_api.sent(anna)) == 1
    count = await core.store.run(lambda uow: sql_scalar(uow, COUNT_ACTIVITIES))
    assert count == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_webhook_mode_checks_the_secret_and_answers_after_handling(
    core: Core,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    adapter = telegram_adapter(
        core,
        telegram_api,
        webhook_url=url,
        webhook_secret="s3cret-token",
        webhook_port=port,
    )
    await adapter.start()
    try:
        assert telegram_api.webhook is not None
        assert telegram_api.webhook["url"] == url
        assert telegram_api.webhook["secret_token"] == "s3cret-token"
        anna = telegram_api.create_user("Anna")
        message = telegram_api.post(
            telegram_api.private_chat(anna), anna, text="/start", plain_text="/start"
        )
        update = {"update_id": 501, "message": message.to_api()}
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update) as response:
                assert response.status == 403  # no secret
            headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 403
            assert telegram_api.sent(anna) == []
            headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 200
                # Answered after handling: the reply is already out.
                assert "Hoi Anna" in (telegram_api.sent(anna)[0].plain_text or "")
            async with http.post(url, data=b"{not json", headers=headers) as response:
                assert response.status == 400
    finally:
        await adapter.stop()


async def test_documents_and_images(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    chart = Outgoing(
        Text((Span("Verdeling", Style.BOLD),)),
        attachment=Attachment("ronde.png", png, "image/png"),
    )
    await bot.send_private(str(anna.id), chart)
    export = Outgoing(
        Text((Span("x" * 2000),)),  # too long for a caption: sent as text first
        attachment=Attachment("portfolio.json", b"{}", "application/json"),
    )
    await bot.send_private(str(anna.id), export)
    photo, text, document = telegram_api.sent(anna)
    assert photo.photo is not None and photo.photo.content == png
    assert photo.plain_text == "Verdeling"
    assert text.plain_text == "x" * 2000
    assert document.document is not None and document.document.filename == "portfolio.json"


async def test_added_to_a_group_the_bot_introduces_itself(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    group = telegram_api.create_group("Lerarenkamer", supergroup=True)
    message = telegram_api.post(group, anna)
    payload = message.to_api()
    payload["new_chat_members"] = [telegram_api.bot.to_api()]
    telegram_api.enqueue_update({"message": payload})
    await handled(telegram_api, bot, 1)
    (hello,) = telegram_api.sent(group)
    assert "portfoliobot" in (hello.plain_text or "") and "/hulp" in (hello.plain_text or "")


async def test_shaping_keeps_within_telegrams_limits(
    core: Core,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    limits = telegram_api.enforce_rate_limits(RateLimits())
    adapter = telegram_adapter(core, telegram_api, limits=TELEGRAM_LIMITS)
    await adapter.start()
    try:
        anna = telegram_api.create_user("Anna")
        users = [telegram_api.create_user(f"U{n}") for n in range(40)]
        started = time.monotonic()
        await asyncio.gather(
            *(adapter.send_private(str(u.id), Outgoing(Text((Span("hoi"),)))) for u in users),
            *(
                adapter.send_private(str(anna.id), Outgoing(Text((Span(f"{n}"),))))
                for n in range(4)
            ),
        )
        elapsed = time.monotonic() - started
        assert limits.rejected == 0  # not a single 429
        assert len(telegram_api.sent(anna)) == 4
        assert elapsed >= 2.0  # Anna's four: two at once, then one a second
    finally:
        await adapter.stop()


def test_configured_adapters_start_telegram_only_with_a_token(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PORTFOLIOBOT_TELEGRAM_TOKEN", raising=False)
    monkeypatch.chdir(Path(__file__).parent)  # no .env here
    assert configured_adapters(Settings(), core) == []
    monkeypatch.setenv("PORTFOLIOBOT_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("PORTFOLIOBOT_TELEGRAM_API_URL", "http://127.0.0.1:9/")
    (adapter,) = configured_adapters(Settings(), core)
    assert isinstance(adapter, TelegramAdapter)
    assert adapter.app.bot.base_url == "http://127.0.0.1:9/bot123:abc"


def test_html_is_escaped_and_long_texts_split() -> None:
    text = Text((Span("a <b> & c\n"), Span("vet", Style.BOLD)))
    assert chunks(text) == ["a &lt;b&gt; &amp; c\n<b>vet</b>"]
    lines = Text(tuple(Span(f"regel {n} <x>\n") for n in range(1000)))
    pieces = chunks(lines)
    # Telegram's limit counts the text after entity parsing.
    assert len(pieces) > 1 and all(len(html.unescape(p)) <= 4096 for p in pieces)
    joined = "\n".join(pieces).replace("&lt;", "<").replace("&gt;", ">")
    assert all(f"regel {n} <x>" in joined for n in range(1000))
    one_long_line = chunks(Text((Span("x" * 9000),)))
    assert [len(p) for p in one_long_line] == [3800, 3800, 1400]


def test_keyboard_layout_and_payload() -> None:
    markup = keyboard([Choice("t:a", "30 min"), Choice("t:b", "1 uur"), Choice("t:c", "x" * 80)])
    assert markup is not None
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert rows[0] == [("30 min", "t:a"), ("1 uur", "t:b")]
    assert len(rows[1][0][0]) == 60 and rows[1][0][1] == "t:c"
    assert json.dumps(markup.to_dict())  # serialisable as PTB sends it


async def test_a_portfolio_file_sent_privately_is_restored(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    telegram_api.user_sends(anna, None, "/log 2u intervisie gisteren")
    telegram_api.user_sends(anna, None, "/export json")
    await handled(telegram_api, bot, 2)
    exported = telegram_api.sent(anna)[-1].document
    assert exported is not None and exported.filename.endswith(".json")
    # A file in a group is none of the bot's business; privately it is an import.
    group = telegram_api.create_group("Lerarenkamer")
    telegram_api.user_sends_document(anna, group, "portfolio.json", exported.content)
    telegram_api.user_sends_document(
        anna, None, "portfolio.json", exported.content, mime_type="application/json"
    )
    await handled(telegram_api, bot, 4)
    assert bot.handled == 4
    answer = telegram_api.sent(anna)[-1].plain_text or ""
    assert "Alles uit dit bestand stond er al (1 onderdeel)" in answer
    assert telegram_api.sent(group) == []


async def test_update_kinds_the_bot_does_not_use_are_skipped(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    message = telegram_api.post(
        telegram_api.private_chat(anna), anna, text="/log 1u", plain_text="/log 1u"
    )
    await bot.handle_batch(
        [Update.de_json({"update_id": 77, "edited_message": message.to_api()}, bot.bot)]
    )
    assert bot.handled == 1 and telegram_api.sent(anna) == []  # translated to nothing
