"""The Bot API methods the fake speaks, with the checks and error wording of the real API.

:class:`BotApiState` holds the world (chats, messages, files, commands) and implements every
method except ``getUpdates``, whose long poll lives with the HTTP server in
``telegram_api.py``. Methods take decoded :class:`Params` and return the ``result`` JSON or
raise :class:`ApiError`.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from tests.fakes.telegram_markup import MarkupError, Rendered, render, utf16_len
from tests.fakes.telegram_model import (
    JSON,
    ApiError,
    CallbackAnswer,
    FakeChat,
    FakeUser,
    RateLimits,
    SentFile,
    SentMessage,
    bad_request,
    now,
)

CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
# Methods that post or change a message and so count against the flood limits.
_FLOOD_COUNTED = {"sendmessage", "senddocument", "sendphoto", "editmessagetext"}
# The emoji a bot may react with (Telegram's list of ReactionTypeEmoji).
_EMOJI = (
    "👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 "
    "🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 "
    "🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓 🍾 💋 🖕 😈 😴 😭 "
    "🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 "
    "☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷‍♂ "
    "🤷 🤷‍♀ 😡 "
)
REACTION_EMOJI = frozenset(_EMOJI.split())


class Params:
    """Request parameters, whichever way they arrived.

    In form and multipart encoding PTB JSON-encodes every non-string value and sends strings
    raw, so ``"104"`` may be a string id or the number 104: each accessor decodes by the type
    the Bot API documents for that parameter, never by guessing from the value.
    """

    def __init__(self, values: Mapping[str, Any], files: Mapping[str, SentFile]) -> None:
        self.values = dict(values)
        self.files = dict(files)

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def decoded(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value


class BotApiState:
    """Chats, messages and everything the bot configured, plus the methods that change them."""

    def __init__(self, token: str, bot_username: str) -> None:
        self.token = token
        self.bot = FakeUser(
            int(token.split(":", 1)[0]), "Portfoliobot", bot_username, None, is_bot=True
        )
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.messages: dict[int, list[SentMessage]] = {}  # per chat, everyone's, in order
        self.files: dict[str, SentFile] = {}
        self.command_lists: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.administrators: dict[int, list[JSON]] = {}
        self.forbidden: dict[int, str] = {}  # private chat id -> 403 description
        self.rate_limits: RateLimits | None = None
        # (chat id, message id) -> the bot's reactions on that message (setMessageReaction)
        self.reactions: dict[tuple[int, int], list[str]] = {}
        # user id -> their profile pictures, newest first (getUserProfilePhotos)
        self.profile_photos: dict[int, list[SentFile]] = {}
        self._open_callback_queries: set[str] = set()
        self._next_message_id: dict[int, int] = {}
        self._file_ids = itertools.count(1)
        self.methods: dict[str, Callable[[Params], Any]] = {
            "getme": lambda p: {
                **self.bot.to_api(),
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            },
            "setmycommands": self.set_my_commands,
            "getmycommands": self.get_my_commands,
            "deletemycommands": self.delete_my_commands,
            "sendmessage": self.send_message,
            "editmessagetext": self.edit_message_text,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "answercallbackquery": self.answer_callback_query,
            "senddocument": lambda p: self.send_file(p, "document"),
            "sendphoto": lambda p: self.send_file(p, "photo"),
            "sendchataction": self.send_chat_action,
            "getchat": lambda p: self.chat(p).to_full_api(),
            "getchatadministrators": self.get_chat_administrators,
            "getfile": self.get_file,
            "getuserprofilephotos": self.get_user_profile_photos,
            "setmessagereaction": self.set_message_reaction,
        }

    # --- hooks and helpers ---------------------------------------------------------------

    def changed(self) -> None:
        """Called after every change a test might wait for; the server wakes its waiters."""

    def chat(self, p: Params) -> FakeChat:
        raw = p.raw("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            found = [c for c in self.chats.values() if c.user and c.user.username == raw[1:]]
            if found:
                return found[0]
            raise bad_request("chat not found")
        try:
            chat_id = int(raw)
        except ValueError:
            raise bad_request("chat not found") from None
        if chat_id not in self.chats:
            raise bad_request("chat not found")
        return self.chats[chat_id]

    def message(self, chat: FakeChat, message_id: int | None, missing: str) -> SentMessage:
        for message in self.messages.get(chat.id, []):
            if message.message_id == message_id:
                return message
        raise bad_request(missing)

    def post(self, chat: FakeChat, sender: FakeUser, **fields: Any) -> SentMessage:
        """Append a message to ``chat`` with the chat's next message id (ids start at 1)."""
        message_id = self._next_message_id.get(chat.id, 1)
        self._next_message_id[chat.id] = message_id + 1
        message = SentMessage(chat.id, message_id, sender, now(), chat=chat, **fields)
        self.messages.setdefault(chat.id, []).append(message)
        self.changed()
        return message

    def store_file(self, sent: SentFile) -> SentFile:
        stored = SentFile(sent.filename, sent.content, sent.mime_type, f"F{next(self._file_ids)}")
        self.files[stored.file_id] = stored
        return stored

    def _outgoing_checks(self, method: str, chat: FakeChat) -> None:
        if chat.id in self.forbidden:
            raise ApiError(403, self.forbidden[chat.id])
        if self.rate_limits is not None and method in _FLOOD_COUNTED:
            self.rate_limits.check(chat)

    def _render(self, text: str, parse_mode: str | None) -> Rendered:
        try:
            rendered = render(text, parse_mode)
        except MarkupError as error:
            raise bad_request(f"can't parse entities: {error}") from None
        for entity in list(rendered.entities):
            if entity["type"] == "text_mention":
                user = self.users.get(entity["user"]["id"])
                if user is None:  # Telegram drops a mention of a user it cannot show
                    rendered.entities.remove(entity)
                else:
                    entity["user"] = user.to_api()
        return rendered

    def _reply_markup(self, p: Params) -> JSON | None:
        markup = p.decoded("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                # The 64-byte limit is in bytes, so accented Dutch text reaches it sooner.
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise bad_request("BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise bad_request("text buttons are unallowed in the inline keyboard")
        return markup

    def _reply_to(self, p: Params, chat: FakeChat) -> int | None:
        reply = p.decoded("reply_parameters") or {}
        message_id = reply.get("message_id") or p.integer("reply_to_message_id")
        if message_id is None:
            return None
        known = any(m.message_id == message_id for m in self.messages.get(chat.id, []))
        if not known and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return int(message_id) if known else None

    # --- methods -------------------------------------------------------------------------

    def send_message(self, p: Params) -> JSON:
        chat = self.chat(p)
        text, parse_mode = p.text("text") or "", p.text("parse_mode")
        rendered = self._render(text, parse_mode)
        if not rendered.text.strip():
            raise bad_request("message text is empty")
        if utf16_len(rendered.text) > 4096:
            raise bad_request("message is too long")
        markup, reply_to = self._reply_markup(p), self._reply_to(p, chat)
        self._outgoing_checks("sendmessage", chat)
        return self.post(
            chat,
            self.bot,
            text=text,
            parse_mode=parse_mode,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            plain_text=rendered.text,
            entities=rendered.entities,
        ).to_api()

    def send_file(self, p: Params, kind: str) -> JSON:
        chat = self.chat(p)
        upload = p.files.get(kind)
        reference = p.text(kind) or ""
        if upload is None and reference.startswith("attach://"):
            upload = p.files.get(reference.removeprefix("attach://"))
        if upload is None:
            if reference in self.files:  # re-sending by file_id
                upload = self.files[reference]
            elif not reference:
                raise bad_request(f"there is no {kind} in the request")
            else:
                raise bad_request("wrong file identifier/HTTP URL specified")
        caption, parse_mode = p.text("caption"), p.text("parse_mode")
        rendered = self._render(caption or "", parse_mode)
        if utf16_len(rendered.text) > 1024:
            raise bad_request("message caption is too long")
        markup, reply_to = self._reply_markup(p), self._reply_to(p, chat)
        self._outgoing_checks(f"send{kind}", chat)
        stored = upload if upload.file_id else self.store_file(upload)
        return self.post(
            chat,
            self.bot,
            caption=caption,
            parse_mode=parse_mode,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            plain_text=rendered.text if caption else None,
            entities=rendered.entities,
            **{kind: stored},
        ).to_api()

    def edit_message_text(self, p: Params) -> JSON:
        if p.raw("inline_message_id") is not None:
            raise bad_request("the fake supports no inline messages")
        chat = self.chat(p)
        message = self.message(chat, p.integer("message_id"), "message to edit not found")
        if message.sender != self.bot:
            raise bad_request("message can't be edited")
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        text, parse_mode = p.text("text") or "", p.text("parse_mode")
        rendered = self._render(text, parse_mode)
        if not rendered.text.strip():
            raise bad_request("message text is empty")
        markup = self._reply_markup(p)
        unchanged = (rendered.text, rendered.entities, markup) == (
            message.plain_text,
            message.entities,
            message.reply_markup,
        )
        if unchanged:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        self._outgoing_checks("editmessagetext", chat)
        message.history.append((message.text, message.reply_markup))
        message.text, message.parse_mode, message.reply_markup = text, parse_mode, markup
        message.plain_text, message.entities = rendered.text, rendered.entities
        self.changed()
        return message.to_api()

    def edit_message_reply_markup(self, p: Params) -> JSON:
        chat = self.chat(p)
        message = self.message(chat, p.integer("message_id"), "message to edit not found")
        if message.sender != self.bot:
            raise bad_request("message can't be edited")
        markup = self._reply_markup(p)
        if markup == message.reply_markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        message.history.append((message.text, message.reply_markup))
        message.reply_markup = markup
        self.changed()
        return message.to_api()

    def delete_message(self, p: Params) -> bool:
        chat = self.chat(p)
        message = self.message(chat, p.integer("message_id"), "message to delete not found")
        self.messages[chat.id].remove(message)
        self.changed()
        return True

    def answer_callback_query(self, p: Params) -> bool:
        query_id = p.text("callback_query_id") or ""
        if query_id not in self._open_callback_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._open_callback_queries.discard(query_id)
        self.callback_answers.append(
            CallbackAnswer(query_id, p.text("text"), p.flag("show_alert"), p.text("url"))
        )
        self.changed()
        return True

    def send_chat_action(self, p: Params) -> bool:
        chat = self.chat(p)
        if chat.id in self.forbidden:
            raise ApiError(403, self.forbidden[chat.id])
        self.chat_actions.append((chat.id, p.text("action") or ""))
        return True

    def set_message_reaction(self, p: Params) -> bool:
        chat = self.chat(p)
        message = self.message(chat, p.integer("message_id"), "message to react not found")
        reaction = p.decoded("reaction") or []
        emoji = []
        for item in reaction:
            if not isinstance(item, dict) or item.get("type") != "emoji":
                raise bad_request("REACTION_INVALID")
            if item.get("emoji") not in REACTION_EMOJI:
                raise bad_request("REACTION_INVALID")
            emoji.append(item["emoji"])
        if len(emoji) > 1:
            raise bad_request("REACTIONS_TOO_MANY")
        self.reactions[(chat.id, message.message_id)] = emoji
        self.changed()
        return True

    def set_my_commands(self, p: Params) -> bool:
        commands = p.decoded("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not _COMMAND_RE.fullmatch(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (scope_key(p.decoded("scope")), p.text("language_code") or "")
        self.command_lists[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        self.changed()
        return True

    def get_my_commands(self, p: Params) -> list[dict[str, str]]:
        key = (scope_key(p.decoded("scope")), p.text("language_code") or "")
        return self.command_lists.get(key, [])

    def delete_my_commands(self, p: Params) -> bool:
        key = (scope_key(p.decoded("scope")), p.text("language_code") or "")
        self.command_lists.pop(key, None)
        return True

    def get_chat_administrators(self, p: Params) -> list[JSON]:
        chat = self.chat(p)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        return self.administrators.get(chat.id, [])

    def get_file(self, p: Params) -> JSON:
        stored = self.files.get(p.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": f"u{stored.file_id}",
            "file_size": len(stored.content),
            "file_path": file_path(stored),
        }

    def get_user_profile_photos(self, p: Params) -> JSON:
        user_id = p.integer("user_id")
        if user_id is None or user_id not in self.users:
            raise bad_request("user not found")
        photos = self.profile_photos.get(user_id, [])
        offset, limit = p.integer("offset") or 0, p.integer("limit") or 100
        shown = photos[offset : offset + limit]
        return {
            "total_count": len(photos),
            # One size per picture here; Telegram sends several (160, 320, 640 px).
            "photos": [
                [
                    {
                        "file_id": stored.file_id,
                        "file_unique_id": f"u{stored.file_id}",
                        "file_size": len(stored.content),
                        "width": 640,
                        "height": 640,
                    }
                ]
                for stored in shown
            ],
        }


def file_path(stored: SentFile) -> str:
    return f"documents/{stored.file_id}_{stored.filename or 'file'}"


def scope_key(scope: Any) -> str:
    """A canonical key for a BotCommandScope; an absent scope is the default scope."""
    if scope is None:
        scope = {"type": "default"}
    elif isinstance(scope, str):
        scope = {"type": scope}
    scope = dict(scope)
    if "chat_id" in scope and str(scope["chat_id"]).lstrip("-").isdigit():
        scope["chat_id"] = int(scope["chat_id"])
    return json.dumps(scope, sort_keys=True)


def administrator(user: FakeUser, *, owner: bool = False) -> JSON:
    """A ChatMember for getChatAdministrators; PTB requires every ``can_*`` flag."""
    if owner:
        return {"status": "creator", "user": user.to_api(), "is_anonymous": False}
    flags = [
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_pin_messages",
    ]
    member: JSON = {"status": "administrator", "user": user.to_api(), "is_anonymous": False}
    member.update(dict.fromkeys(flags, True))
    member.update(can_be_edited=False, can_promote_members=False)
    return member
