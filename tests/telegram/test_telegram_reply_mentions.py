"""Telegram: whom a command names — an @username, the author of the message replied to,
but not the opener of a forum topic (every message in a topic "replies" to it)."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Chat, ForumTopicCreated, Message, MessageEntity, User

from adapters.telegram.translate import Me, mentions_of
from bot.chat.messages import Mention

ME = Me(1, "portfoliobot")
GROUP = Chat(-100, Chat.SUPERGROUP, is_forum=True)
ALICE = User(2, "Alice", False)
BOB = User(3, "Bob", False, username="bob_docent")
AT = datetime(2026, 12, 2, tzinfo=UTC)


def _message(text: str, **kw: object) -> Message:
    return Message(10, AT, GROUP, from_user=ALICE, text=text, **kw)  # type: ignore[arg-type]


def test_an_at_username_and_a_reply() -> None:
    text = "/profiel @bob_docent"
    mention = MessageEntity(MessageEntity.MENTION, 9, 11)
    assert mentions_of(_message(text, entities=[mention]), ME) == (
        Mention(handle="@bob_docent", text="@bob_docent", name="@bob_docent"),
    )
    hello = Message(5, AT, GROUP, from_user=BOB, text="Hallo")
    assert mentions_of(_message("/profiel", reply_to_message=hello), ME) == (
        Mention(user_id="3", name="Bob"),
    )


def test_a_forum_topics_opening_is_no_reply() -> None:
    opening = Message(
        4, AT, GROUP, from_user=BOB, forum_topic_created=ForumTopicCreated("Lessen", 0)
    )
    message = _message("/profiel", reply_to_message=opening, message_thread_id=4)
    assert mentions_of(message, ME) == ()
