"""The Telegram adapter: updates in, the core's replies out, in the one event loop.

Lifecycle, driven explicitly (no ``run_polling``): ``start()`` initialises the PTB
``Application`` (getMe), sets the command menus, then either long-polls or serves a
webhook, and starts the outbox deliverer; ``stop()`` finishes the batch in hand first.

Exactly once, across crashes: updates are fetched with our own ``getUpdates`` loop and
the offset that confirms them is sent only after the whole batch was handled (PTB's
``Updater`` confirms on the next fetch, before handling, so a crash there would lose
updates). A crash mid-batch means Telegram sends the batch again; the core claims each
update id in the transaction of its effect, so the handled ones are no-ops. In webhook
mode the HTTP answer is given after handling, so Telegram re-sends what failed.

Order: updates of one chat are handled one after another; different chats in parallel.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import json
import logging
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application

from adapters.ops.status import AdapterStatus
from adapters.telegram.pacing import ShapingRateLimiter, seconds
from adapters.telegram.render import MAX_CAPTION, chunks, keyboard, to_html
from bot.chat.messages import Chat, ChatKind, Destination, Incoming, Outgoing, Sender
from bot.delivery.groups import GroupPoster
from bot.delivery.outbox import Deliverer, DeliverySettings, TryLater, Unreachable, queue_private
from bot.delivery.shaping import Limits, Shaper
from bot.i18n import Msg

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aiohttp import web
    from telegram import Bot, CallbackQuery

    from adapters.telegram.config import TelegramConfig
    from bot.bootstrap import Core
    from bot.chat.messages import Text
    from bot.services.ports import UnitOfWork

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ALLOWED_UPDATES = ["message", "callback_query"]
DEEP_LINK_PAYLOAD = "inbox"  # t.me/<bot>?start=inbox: opening the private chat delivers
_NETWORK_BACKOFF_MAX = 60.0
_HTTP_POOL = 8  # connections for requests other than getUpdates


@dataclass
class _Admins:
    user_ids: frozenset[int]
    until: float


class TelegramAdapter:
    """One bot account. Implements the runtime's Adapter and the outbox's PrivateChannel."""

    name = "telegram"
    platform = PLATFORM

    def __init__(
        self,
        core: Core,
        config: TelegramConfig,
        *,
        limits: Limits | None = None,
        delivery: DeliverySettings | None = None,
    ) -> None:
        if config.token is None:
            raise ValueError("no Telegram token configured")
        self.core = core
        self.config = config
        self.shaper = Shaper(limits or Limits.telegram())
        self.pacing = ShapingRateLimiter(self.shaper, max_in_flight=_HTTP_POOL)
        api = config.api_url.rstrip("/")
        self.app = (
            Application.builder()
            .token(config.token.get_secret_value())
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .updater(None)
            .rate_limiter(self.pacing)
            # Long polls need a read timeout longer than the poll itself.
            .get_updates_read_timeout(config.poll_timeout + 10)
            .connection_pool_size(_HTTP_POOL)
            .build()
        )
        self.deliverer = Deliverer(core.store, core.clock, self, core.translator, delivery)
        self.group_poster = GroupPoster(core.store, core.clock, self)
        self._posts_task: asyncio.Task[None] | None = None
        self.handled = 0  # updates handled (tests, benchmark)
        self._admins: dict[int, _Admins] = {}
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._poll_task: asyncio.Task[None] | None = None
        self._stopping = False
        self._idle = False
        self._webhook: web.AppRunner | None = None
        self.username = ""
        self._bot_id = 0
        self.connected = False  # for /healthz and /metrics (adapters/ops)
        self.reconnects = 0
        self._down = "not started"

    def status(self) -> AdapterStatus:
        return AdapterStatus(
            self.connected, self.reconnects, self.pacing.retried_after, self._down
        )

    @property
    def bot(self) -> Bot:
        return self.app.bot

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        await self.app.initialize()  # getMe: a wrong token fails here, loudly
        self.username = self.bot.username
        self._bot_id = self.bot.id
        self.connected, self._down = True, ""
        await self.set_commands()
        self.core.router.on_unblocked[PLATFORM] = self.deliverer.poke
        self.core.reminders.listeners.append(self.deliverer.poke)
        if self.config.webhook_url:
            await self._start_webhook(self.config.webhook_url)
        else:
            await self.bot.delete_webhook(drop_pending_updates=False)
            self._stopping = False
            self._poll_task = asyncio.create_task(self._poll(), name="telegram-poll")
        self.deliverer.start()
        self._posts_task = asyncio.create_task(self._post_to_groups(), name="telegram-posts")
        log.info("Telegram: @%s started", self.username)

    async def stop(self) -> None:
        self._stopping = True
        self.connected, self._down = False, "stopped"
        task, self._poll_task = self._poll_task, None
        if task is not None:
            if self._idle:
                # Waiting for updates or backing off: abandoning that loses nothing.
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._webhook is not None:
            await self._webhook.cleanup()
            self._webhook = None
        if self._posts_task is not None:
            self._posts_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._posts_task
            self._posts_task = None
        await self.deliverer.stop()
        self.core.router.on_unblocked.pop(PLATFORM, None)
        with contextlib.suppress(ValueError):
            self.core.reminders.listeners.remove(self.deliverer.poke)
        await self.app.shutdown()

    async def set_commands(self) -> None:
        """The command menu, per language (nl is the default list) and per scope."""
        translator = self.core.translator
        for language, code in (("nl", None), ("en", "en")):
            for scope, group in (
                (BotCommandScopeAllPrivateChats(), False),
                (BotCommandScopeAllGroupChats(), True),
            ):
                commands = [
                    BotCommand(name, translator.render(language, Msg.of(key)).plain[:256])
                    for name, key in self.core.registry.menu(language, group=group)
                ]
                await self.bot.set_my_commands(commands, scope=scope, language_code=code)

    # --- long polling ----------------------------------------------------------------------

    async def _poll(self) -> None:
        offset: int | None = None
        failures = 0
        while not self._stopping:
            self._idle = True
            try:
                updates = await self.bot.get_updates(
                    offset=offset,
                    timeout=self.config.poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                )
            except asyncio.CancelledError:
                if self._stopping:
                    break
                raise
            except (InvalidToken, Forbidden):
                log.critical("Telegram refused the token; polling stops")
                self.connected, self._down = False, "Telegram refused the token"
                return
            except (Conflict, TelegramError) as error:
                failures += 1
                self.connected, self._down = False, f"getUpdates failed: {type(error).__name__}"
                delay = min(2.0 ** min(failures, 10), _NETWORK_BACKOFF_MAX)
                if isinstance(error, RetryAfter):
                    delay = max(delay, seconds(error.retry_after))
                log.warning("getUpdates failed (%s); again in %.0f s", error, delay)
                try:
                    await asyncio.sleep(delay)
                except asyncio.CancelledError:
                    if self._stopping:
                        break
                    raise
                continue
            finally:
                self._idle = False
            failures = 0
            if not self.connected:
                self.connected, self._down = True, ""
                self.reconnects += 1
            if updates:
                await self.handle_batch(updates)
                offset = updates[-1].update_id + 1
        if offset is not None:
            # Confirm the last batch now; otherwise the next start would fetch it again
            # (harmlessly: redeliveries are no-ops, but there is no need).
            with contextlib.suppress(TelegramError):
                await self.bot.get_updates(offset=offset, timeout=0, limit=1)

    async def handle_batch(self, updates: Sequence[Update]) -> None:
        """Chats in parallel, each chat's updates in order."""
        per_chat: dict[int, list[Update]] = {}
        for update in updates:
            chat = update.effective_chat
            per_chat.setdefault(chat.id if chat else 0, []).append(update)
        await asyncio.gather(*(self._handle_in_order(c, ups) for c, ups in per_chat.items()))

    async def _handle_in_order(self, chat_id: int, updates: list[Update]) -> None:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        async with lock:
            for update in updates:
                try:
                    await self.handle_update(update)
                except Exception:
                    log.exception("update %s could not be handled", update.update_id)
                self.handled += 1

    # --- webhook ---------------------------------------------------------------------------

    async def _start_webhook(self, url: str) -> None:
        from aiohttp import web

        path = urlsplit(url).path or "/"
        app = web.Application(client_max_size=1 << 20)
        app.router.add_post(path, self._on_webhook)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, self.config.webhook_listen, self.config.webhook_port).start()
        self._webhook = runner
        secret = self.config.webhook_secret
        await self.bot.set_webhook(
            url,
            secret_token=secret.get_secret_value() if secret else None,
            allowed_updates=ALLOWED_UPDATES,
        )

    async def _on_webhook(self, request: web.Request) -> web.Response:
        from aiohttp import web

        secret = self.config.webhook_secret
        if secret is not None:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
                return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self.bot)
        except (ValueError, TypeError, KeyError, json.JSONDecodeError):
            return web.Response(status=400)
        # Answered after handling: when handling fails, Telegram delivers it again.
        await self.handle_batch([update])
        return web.Response(status=200)

    # --- updates -> core -------------------------------------------------------------------

    async def handle_update(self, update: Update) -> None:
        if update.callback_query is not None:
            await self._on_press(update, update.callback_query)
        elif update.message is not None:
            await self._on_message(update, update.message)

    def _chat(self, message: Message) -> Chat | None:
        chat = message.chat
        if chat.type == ChatType.PRIVATE:
            return Chat(PLATFORM, str(chat.id), ChatKind.PRIVATE, title=chat.full_name or "")
        if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
            return Chat(PLATFORM, str(chat.id), ChatKind.GROUP, title=chat.title or "")
        return None  # channels: not a place for portfolios

    async def _sender(self, chat: Chat, user: Any, *, check_admin: bool) -> Sender:
        check = None  # asked by the core only for a command that needs a moderator
        if check_admin and not chat.is_private:
            check = functools.partial(self.is_administrator, int(chat.id), user.id)
        return Sender(
            PLATFORM,
            str(user.id),
            display_name=user.full_name or user.username or str(user.id),
            language_hint=user.language_code,
            moderator_check=check,
        )

    def _update_id(self, update: Update) -> str:
        # Unique per bot; update ids of different bots may collide.
        return f"{self._bot_id}:{update.update_id}"

    def _addressed_elsewhere(self, text: str) -> bool:
        """/cmd@OtherBot in a group is for another bot."""
        head = text.split(maxsplit=1)[0] if text.strip() else ""
        if not head.startswith("/") or "@" not in head:
            return False
        return head.partition("@")[2].casefold() != self.username.casefold()

    async def _on_message(self, update: Update, message: Message) -> None:
        user = message.from_user
        chat = self._chat(message)
        if chat is None or user is None or user.is_bot:
            return
        text = message.text or message.caption or ""
        if not chat.is_private and any(
            member.id == self._bot_id for member in message.new_chat_members or ()
        ):
            await self._introduce(message.chat.id, user.language_code)
            return
        if not text or self._addressed_elsewhere(text):
            return
        sender = await self._sender(chat, user, check_admin=text.startswith("/"))
        incoming = Incoming(self._update_id(update), chat, sender, message.date, text=text)
        replies = await self.core.router.handle(incoming)
        await self._send_replies(incoming, replies, reply_to=message.message_id)

    async def _on_press(self, update: Update, query: CallbackQuery) -> None:
        message = query.message if isinstance(query.message, Message) else None
        chat = self._chat(message) if message is not None else None
        if chat is None or query.data is None:
            await self._answer(query)
            return
        sender = await self._sender(chat, query.from_user, check_admin=not chat.is_private)
        incoming = Incoming(
            self._update_id(update), chat, sender, self.core.clock.now(), choice=query.data
        )
        replies = await self.core.router.handle(incoming)
        toasts = [reply for reply in replies if reply.toast]
        await self._answer(query, toasts[0].text.plain if toasts else None)
        if chat.is_private and replies:
            # A private question is answered once: its buttons go, the answer stays visible.
            await self._close_question(query)
        await self._send_replies(
            incoming, [reply for reply in replies if not reply.toast], reply_to=None
        )

    async def _answer(self, query: CallbackQuery, text: str | None = None) -> None:
        try:
            await query.answer(text=text[:200] if text else None)
        except BadRequest as error:  # too old to answer ("query is too old"): harmless
            log.info("callback query not answered: %s", error)

    async def _close_question(self, query: CallbackQuery) -> None:
        message = query.message
        if not isinstance(message, Message):
            return  # too old to edit (inaccessible)
        pressed = next(
            (
                button.text
                for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
                for button in row
                if button.callback_data == query.data
            ),
            None,
        )
        try:
            if pressed and message.text:
                await message.edit_text(
                    f"{message.text_html}\n\n✓ <b>{_escape(pressed)}</b>",
                    parse_mode=ParseMode.HTML,
                    reply_markup=None,
                )
            else:
                await message.edit_reply_markup(reply_markup=None)
        except BadRequest as error:  # "message is not modified", deleted, too old
            log.info("could not close the question: %s", error)

    async def is_administrator(self, chat_id: int, user_id: int) -> bool:
        """Group administrators are the moderators; the list is cached briefly."""
        cached = self._admins.get(chat_id)
        now = time.monotonic()
        if cached is None or cached.until <= now:
            try:
                admins = await self.bot.get_chat_administrators(chat_id)
            except TelegramError as error:
                log.warning("getChatAdministrators(%s) failed: %s", chat_id, error)
                return False
            cached = _Admins(
                frozenset(admin.user.id for admin in admins),
                now + self.config.admin_cache_seconds,
            )
            self._admins[chat_id] = cached
        return user_id in cached.user_ids

    async def _introduce(self, chat_id: int, language_hint: str | None) -> None:
        language = "en" if (language_hint or "").startswith("en") else "nl"
        text = self.core.translator.render(language, Msg.of("group.welcome"))
        with contextlib.suppress(TelegramError):
            await self._send_to(chat_id, Outgoing(text))

    # --- core -> Telegram ------------------------------------------------------------------

    async def _send_replies(
        self, incoming: Incoming, replies: list[Outgoing], *, reply_to: int | None
    ) -> None:
        chat_id = int(incoming.chat.id)
        private = [r for r in replies if r.destination is Destination.PRIVATE]
        here = [r for r in replies if r.destination is Destination.HERE]
        if private:
            delivered = await self._send_private_replies(incoming, private)
            if not delivered:
                here = [r for r in here if not r.is_ack]  # the note replaces the ack
        for reply in here:
            try:
                await self._send_to(chat_id, reply, reply_to=reply_to)
            except TelegramError as error:
                log.warning("reply to %s not sent: %s", chat_id, error)

    async def _send_private_replies(self, incoming: Incoming, replies: list[Outgoing]) -> bool:
        """Personal replies to a group command. When the member never opened a private
        chat, they wait in the outbox and the group gets a note with a deep link."""
        user_id = incoming.sender.id
        for index, reply in enumerate(replies):
            try:
                await self._send_to(int(user_id), reply)
            except (Forbidden, BadRequest) as error:
                if isinstance(error, BadRequest) and "chat not found" not in str(error).lower():
                    raise
                await self._park(incoming, replies[index:])
                return False
        return True

    async def _park(self, incoming: Incoming, replies: list[Outgoing]) -> None:
        platform, user_id = PLATFORM, incoming.sender.id
        now = self.core.clock.now()

        def park(uow: UnitOfWork) -> tuple[str, str] | None:
            queue_private(
                uow,
                platform,
                user_id,
                replies,
                key=f"reply:{platform}:{incoming.message_id}",
                now=now,
                notice_chat_id=incoming.chat.id,
                blocked=True,
            )
            member = uow.members.by_identity(platform, user_id)
            return (member.language, member.display_name) if member else None

        found = await self.core.store.run(park)
        language, name = found or ("nl", incoming.sender.display_name)
        note = self.core.translator.render(language, Msg.of("delivery.unreachable", name=name))
        await self.send_unreachable_note(incoming.chat.id, user_id, note)

    async def _send_to(
        self, chat_id: int, outgoing: Outgoing, *, reply_to: int | None = None
    ) -> None:
        replying = (
            ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        )
        markup = keyboard(outgoing.choices)
        texts = chunks(outgoing.text)
        attachment = outgoing.attachment
        if attachment is not None:
            caption = texts[-1] if len(texts) == 1 and len(texts[0]) <= MAX_CAPTION else None
            for text in texts if caption is None else ():
                await self.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
            upload = InputFile(attachment.content, filename=attachment.filename)
            send = (
                self.bot.send_photo
                if attachment.media_type.startswith("image/")
                else self.bot.send_document
            )
            await send(
                chat_id,
                upload,
                caption=caption or None,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                reply_parameters=replying,
            )
            return
        for index, text in enumerate(texts):
            last = index == len(texts) - 1
            await self.bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None,
                reply_parameters=replying if index == 0 else None,
            )

    # --- posts to groups (a review round's summary) ----------------------------------------

    async def _post_to_groups(self) -> None:
        while True:
            try:
                await self.group_poster.post_due()
            except Exception:
                log.exception("posting to groups failed; trying again")
            await asyncio.sleep(self.config.group_post_seconds)

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        await self._send_to(int(chat_id), message)

    # --- the outbox's PrivateChannel -------------------------------------------------------

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        try:
            await self._send_to(int(user_id), message)
        except Forbidden as error:
            raise Unreachable(str(error)) from error
        except RetryAfter as error:
            raise TryLater(seconds(error.retry_after)) from error
        except BadRequest as error:
            if "chat not found" in str(error).lower():
                raise Unreachable(str(error)) from error
            raise

    async def send_unreachable_note(self, chat_id: str, user_id: str, note: Text) -> None:
        link = f"https://t.me/{self.username}?start={DEEP_LINK_PAYLOAD}"
        button = InlineKeyboardMarkup(
            [[InlineKeyboardButton("💬 Privégesprek · Private chat", url=link)]]
        )
        await self.bot.send_message(
            int(chat_id), to_html(note), parse_mode=ParseMode.HTML, reply_markup=button
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
