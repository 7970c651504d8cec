"""A loopback Telegram Bot API server for tests, faithful enough for the real
python-telegram-bot ``Application`` to poll it, answer through it, and hit its errors.

Start it with ``async with TelegramApiServer.running() as api`` and point PTB at it only via
the builder::

    Application.builder().token(api.token).base_url(api.base_url)
        .base_file_url(api.base_file_url)

Tests play the users (``user_sends``, ``user_presses``) and read what the bot did (``sent``,
``wait_for_sent``, ``commands``, ``callback_answers``). See ``telegram_methods.py`` for the
methods and their errors, ``telegram_markup.py`` for the HTML/MarkdownV2 checks.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Any, Self

from aiohttp import BodyPartReader, hdrs, web

from tests.fakes.telegram_faults import POLL, Decision, FaultInjector, FaultPlan
from tests.fakes.telegram_markup import utf16_len
from tests.fakes.telegram_methods import (
    CANT_INITIATE,
    BotApiState,
    Params,
    administrator,
    file_path,
    scope_key,
)
from tests.fakes.telegram_model import (
    JSON,
    ApiError,
    FakeChat,
    FakeUser,
    RateLimits,
    SentFile,
    SentMessage,
)

DEFAULT_TOKEN = "123456789:TEST-token_for-the-loopback-fake"
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{4,31}\b")
ChatRef = FakeChat | FakeUser | int


class TelegramApiServer(BotApiState):
    """The fake Bot API: an aiohttp server on 127.0.0.1 plus a driving API for tests."""

    def __init__(self, token: str = DEFAULT_TOKEN, bot_username: str = "PortfolioTestBot"):
        super().__init__(token, bot_username)
        self.port = 0
        self.calls: list[tuple[str, dict[str, Any]]] = []  # (method as called, parameters)
        self._updates: list[JSON] = []  # unconfirmed, in update_id order
        self._history: dict[int, JSON] = {}  # every update ever queued
        self._replays: set[int] = set()  # re-queued by redeliver(): exempt from the offset
        self.webhook: dict[str, Any] | None = None  # setWebhook's parameters
        self._update_ids = itertools.count(1)
        self._user_ids = itertools.count(10_000_001)
        self._group_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._injected: dict[str, list[tuple[int | None, ApiError]]] = {}  # fail_next
        self.faults: FaultInjector | None = None  # inject_faults()
        self._query_chats: dict[str, int] = {}  # callback query id -> chat of its message
        self._closing = False
        self._wakeup = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # --- lifecycle -----------------------------------------------------------------------

    @classmethod
    @asynccontextmanager
    async def running(cls, **kwargs: Any) -> AsyncIterator[Self]:
        api = cls(**kwargs)
        await api.start()
        try:
            yield api
        finally:
            await api.stop()

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        # A short shutdown_timeout is only a safety net: stop() releases the long polls.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True
        self.changed()  # pending getUpdates return now instead of at their timeout
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def changed(self) -> None:
        # Waiters hold the old event; setting it wakes them all and the next ones wait anew.
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    # --- HTTP ----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = request.match_info["method"]
        key = method.lower()  # method names are case-insensitive in the Bot API
        try:
            params = await _read_params(request)
            self.calls.append((method, {**params.values, **params.files}))
            self._raise_injected(key, params)
            fault = self._fault(key, params)
            if fault is not None and fault.error is not None:
                raise fault.error
            if fault is not None and fault.kind == "hang":
                await self._pause(fault.delay)  # the client gave up long ago
                return _reply(200, {"ok": True, "result": []})
            if key == "getupdates":
                result: Any = await self._get_updates(params)
            elif key == "deletewebhook":
                if params.flag("drop_pending_updates"):
                    self._updates.clear()
                self.webhook = None
                result = True
            elif key == "setwebhook":
                self.webhook = {
                    "url": params.text("url"),
                    "secret_token": params.text("secret_token"),
                    "allowed_updates": params.decoded("allowed_updates"),
                }
                result = True
            elif key in self.methods:
                result = self.methods[key](params)
            else:
                raise ApiError(404, "Not Found")
        except ApiError as error:
            return _reply(error.code, error.to_api())
        if fault is not None and fault.kind == "slow":
            assert self.faults is not None
            message_id = result.get("message_id") if isinstance(result, dict) else None
            self.faults.applied_slowly(fault, message_id)
            await self._pause(fault.delay)  # applied; the answer comes too late
        return _reply(200, {"ok": True, "result": result})

    def _fault(self, key: str, params: Params) -> Decision | None:
        if self.faults is None:
            return None
        chat_id: int | None = None
        if key == "answercallbackquery":
            chat_id = self._query_chats.get(params.text("callback_query_id") or "")
        elif key != POLL:
            with suppress(TypeError, ValueError):
                chat_id = int(params.raw("chat_id"))
        return self.faults.decide(key, chat_id)

    async def _pause(self, seconds: float) -> None:
        """Sleep, but end at once when the server stops."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not self._closing and (remaining := deadline - loop.time()) > 0:
            with suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await self._wakeup.wait()

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        for stored in self.files.values():
            if file_path(stored) == request.match_info["path"]:
                return web.Response(body=stored.content)
        return web.Response(status=404)

    async def _get_updates(self, p: Params) -> list[JSON]:
        """Long poll: answer as soon as an update is pending, or after ``timeout`` seconds.

        Updates below ``offset`` are confirmed and forgotten; the rest are delivered again to
        the next caller, which is what lets a restarted bot pick up where it stopped. A newer
        getUpdates ends an older pending one with 409, as Telegram does.
        """
        offset = p.integer("offset") or 0
        if offset < 0:  # "the last -offset updates"; everything before is forgotten
            del self._updates[: max(0, len(self._updates) + offset)]
        else:
            self._updates = [
                u
                for u in self._updates
                if u["update_id"] >= offset or u["update_id"] in self._replays
            ]
        limit = min(max(p.integer("limit") or 100, 1), 100)
        allowed = p.decoded("allowed_updates")
        if allowed is not None:
            self._allowed_updates = list(allowed)  # remembered between calls, like Telegram
        self._poll_generation += 1
        generation = self._poll_generation
        self.changed()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(p.integer("timeout") or 0, 0)
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
            batch = [u for u in self._updates if self._allowed(u)][:limit]
            remaining = deadline - loop.time()
            if batch or self._closing or remaining <= 0:
                # A replay, once returned, is confirmed by the next offset like any update.
                self._replays -= {u["update_id"] for u in batch}
                return batch
            with suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await self._wakeup.wait()

    def _allowed(self, update: JSON) -> bool:
        return not self._allowed_updates or any(k in update for k in self._allowed_updates)

    # --- the world: users, chats, configuration -------------------------------------------

    def create_user(
        self, first_name: str = "Anne", *, username: str | None = None, language_code: str = "nl"
    ) -> FakeUser:
        """A user, with a private chat with the bot whose id is the user's id."""
        user = FakeUser(next(self._user_ids), first_name, username, language_code)
        self.users[user.id] = user
        self.chats[user.id] = FakeChat(user.id, "private", user=user)
        return user

    def create_group(self, title: str, *, supergroup: bool = False) -> FakeChat:
        n = next(self._group_ids)
        chat_id = -1_000_000_000_000 - n if supergroup else -4_000_000_000 - n
        chat = FakeChat(chat_id, "supergroup" if supergroup else "group", title)
        self.chats[chat.id] = chat
        return chat

    def private_chat(self, user: FakeUser) -> FakeChat:
        return self.chats[user.id]

    def set_administrators(
        self, chat: FakeChat, admins: Sequence[FakeUser], *, owner: FakeUser | None = None
    ) -> None:
        members = [administrator(owner, owner=True)] if owner else []
        self.administrators[chat.id] = members + [administrator(a) for a in admins]

    def forbid_private(self, user: FakeUser, description: str = CANT_INITIATE) -> None:
        """Make sends to the user's private chat fail with 403 (also: "bot was blocked")."""
        self.forbidden[user.id] = description

    def allow_private(self, user: FakeUser) -> None:
        self.forbidden.pop(user.id, None)

    def enforce_rate_limits(self, limits: RateLimits | None = None) -> RateLimits:
        """Answer 429 like Telegram when the bot sends too fast; ``.rejected`` counts them."""
        self.rate_limits = limits or RateLimits()
        return self.rate_limits

    def inject_faults(self, plan: FaultPlan) -> FaultInjector:
        """From now on fail a share of calls as Telegram does (see telegram_faults.py)."""
        self.faults = FaultInjector(plan)
        return self.faults

    def fail_next(
        self,
        method: str,
        code: int,
        description: str,
        *,
        retry_after: int | None = None,
        chat: ChatRef | None = None,
    ) -> None:
        """Make the next call of ``method`` (to ``chat``, if given) fail with this error
        (queued; one per call)."""
        error = ApiError(code, description, retry_after)
        target = None if chat is None else _chat_id(chat)
        self._injected.setdefault(method.lower(), []).append((target, error))

    def _raise_injected(self, key: str, params: Params) -> None:
        queued = self._injected.get(key)
        if not queued:
            return
        raw = params.raw("chat_id")
        for index, (target, error) in enumerate(queued):
            if target is None or str(target) == str(raw):
                del queued[index]
                raise error

    # --- users acting --------------------------------------------------------------------

    def enqueue_update(self, update: JSON) -> int:
        """Queue a raw update (``update_id`` is assigned); returns the update id."""
        update_id = next(self._update_ids)
        self._history[update_id] = {"update_id": update_id, **update}
        self._updates.append(self._history[update_id])
        self.changed()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Deliver an update again although it was confirmed: what a bot sees when it
        crashed after handling an update and before confirming it."""
        self._replays.add(update_id)
        self._updates.append(self._history[update_id])
        self.changed()

    @property
    def last_update_id(self) -> int:
        return max(self._history, default=0)

    def user_sends(
        self,
        user: FakeUser,
        chat: FakeChat | None,
        text: str,
        *,
        reply_to: SentMessage | None = None,
    ) -> SentMessage:
        """The user writes ``text`` in ``chat`` (default: their private chat with the bot)."""
        chat = chat or self.private_chat(user)
        entities = [
            {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": len(m[0])}
            for m in _COMMAND_RE.finditer(text)  # a command is ASCII: UTF-16 length = len
        ]
        # @username, as Telegram marks it (a username is ASCII, 5 to 32 characters).
        entities += [
            {"type": "mention", "offset": utf16_len(text[: m.start()]), "length": len(m[0])}
            for m in _MENTION_RE.finditer(text)
        ]
        entities.sort(key=lambda entity: entity["offset"])
        message = self.post(
            chat,
            user,
            text=text,
            plain_text=text,
            entities=entities,
            reply_to_message_id=reply_to.message_id if reply_to else None,
        )
        payload = message.to_api()
        if reply_to is not None:
            payload["reply_to_message"] = reply_to.to_api()
        self.enqueue_update({"message": payload})
        return message

    def user_sends_document(
        self,
        user: FakeUser,
        chat: FakeChat | None,
        filename: str,
        content: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> SentMessage:
        """The user uploads a file; the bot can fetch it with getFile and the file URL."""
        chat = chat or self.private_chat(user)
        stored = self.store_file(SentFile(filename, content, mime_type))
        message = self.post(chat, user, document=stored, caption=caption, plain_text=caption)
        self.enqueue_update({"message": message.to_api()})
        return message

    def user_sends_photo(
        self, user: FakeUser, chat: FakeChat | None, content: bytes, *, caption: str | None = None
    ) -> SentMessage:
        """The user sends a photo (Telegram's compressed kind, not a file)."""
        chat = chat or self.private_chat(user)
        stored = self.store_file(SentFile(None, content, None))
        message = self.post(chat, user, photo=stored, caption=caption, plain_text=caption)
        self.enqueue_update({"message": message.to_api()})
        return message

    def set_profile_photo(self, user: FakeUser, content: bytes) -> None:
        """The user's profile picture becomes `content` (getUserProfilePhotos shows it)."""
        stored = self.store_file(SentFile("avatar.jpg", content, "image/jpeg"))
        self.profile_photos.setdefault(user.id, []).insert(0, stored)

    def user_presses(self, user: FakeUser, message: SentMessage, callback_data: str) -> str:
        """The user presses the inline button carrying ``callback_data``; returns the query id.

        Only buttons the message really has can be pressed, as in a real client.
        """
        if callback_data not in [data for _, data in message.buttons]:
            raise ValueError(f"no button with {callback_data!r} in {message.buttons}")
        query_id = str(next(self._query_ids))
        self._open_callback_queries.add(query_id)
        self._query_chats[query_id] = message.chat_id
        self.enqueue_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_api(),
                    "message": message.to_api(),
                    "chat_instance": str(abs(message.chat_id)),
                    "data": callback_data,
                }
            }
        )
        return query_id

    # --- what the bot did ----------------------------------------------------------------

    def sent(self, chat: ChatRef) -> list[SentMessage]:
        """Messages the bot sent to ``chat`` and still exist, in order, as last edited."""
        return [m for m in self.messages.get(_chat_id(chat), []) if m.sender == self.bot]

    def commands(self, scope: Any = None, language: str = "") -> list[tuple[str, str]]:
        """The bot's command list for a scope (a BotCommandScope dict or just its type)."""
        commands = self.command_lists.get((scope_key(scope), language), [])
        return [(c["command"], c["description"]) for c in commands]

    def reactions_in(self, chat: ChatRef) -> dict[int, list[str]]:
        """The bot's reactions in ``chat``, by message id (setMessageReaction)."""
        chat_id = _chat_id(chat)
        return {m: emoji for (c, m), emoji in self.reactions.items() if c == chat_id and emoji}

    def call_count(self, method: str) -> int:
        return sum(1 for name, _ in self.calls if name.lower() == method.lower())

    @property
    def pending_update_ids(self) -> list[int]:
        """Updates not yet confirmed by an offset: a restarted bot will get these again."""
        return [u["update_id"] for u in self._updates]

    @property
    def rate_limited(self) -> int:
        return self.rate_limits.rejected if self.rate_limits else 0

    async def wait_until(
        self,
        condition: Callable[[], bool],
        # A timeout parameter rather than asyncio.timeout around the call, so that the
        # failure says what was awaited.
        timeout: float = 5.0,  # noqa: ASYNC109
        what: str = "condition",
    ) -> None:
        """Wait for ``condition``; it is checked on every change and, for conditions on the
        test's own state (handler calls), every 20 ms."""
        try:
            async with asyncio.timeout(timeout):
                while not condition():
                    with suppress(TimeoutError):
                        async with asyncio.timeout(0.02):
                            await self._wakeup.wait()
        except TimeoutError:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}") from None

    async def wait_for_sent(
        self,
        chat: ChatRef,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least ``count`` messages to ``chat``; return them."""
        try:
            await self.wait_until(lambda: len(self.sent(chat)) >= count, timeout)
        except AssertionError:
            texts = [m.text for m in self.sent(chat)]
            raise AssertionError(
                f"expected {count} message(s) to {_chat_id(chat)} within {timeout} s, got {texts}"
            ) from None
        return self.sent(chat)


def _chat_id(chat: ChatRef) -> int:
    return chat if isinstance(chat, int) else chat.id


def _reply(status: int, body: JSON) -> web.Response:
    # Exactly "application/json": aiohttp's json_response would add "; charset=utf-8".
    return web.Response(
        status=status, body=json.dumps(body).encode(), content_type="application/json"
    )


async def _read_params(request: web.Request) -> Params:
    values: dict[str, Any] = dict(request.query)
    files: dict[str, SentFile] = {}
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            values.update(body)
    elif request.content_type == "multipart/form-data":
        # Read parts ourselves: request.post() spools uploads to temporary files that would
        # have to be closed, or they leak as ResourceWarnings.
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                content = bytes(await part.read())
                mime = part.headers.get(hdrs.CONTENT_TYPE)
                files[part.name] = SentFile(part.filename, content, mime)
            else:
                values[part.name] = await part.text()
    elif request.body_exists:
        form = await request.post()
        values.update({k: v for k, v in form.items() if isinstance(v, str)})
    return Params(values, files)
