"""Matrix: a reply's quoted message (`<mx-reply>`) names its author with a pill; that pill
is no mention by the member who replies (the adapter names the replied-to author itself)."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.matrix.translate import RoomContext, mentions_of, replied_event, translate


async def _no(user: str) -> bool:
    return False


ROOM = RoomContext(
    room_id="!r:hs",
    private=False,
    title="!r:hs",
    bot_id="@bot:hs",
    bot_names=("bot",),
    offered=None,
    offered_by_event=lambda event_id: None,
    moderator_check=_no,
    display_name=lambda user: user,
)

QUOTE = (
    '<mx-reply><blockquote><a href="https://matrix.to/#/!r:hs/$e">In reply to</a> '
    '<a href="https://matrix.to/#/@bob:hs">@bob:hs</a><br>Hallo</blockquote></mx-reply>'
)


def test_the_quoted_authors_pill_is_no_mention() -> None:
    content = {
        "msgtype": "m.text",
        "body": "> <@bob:hs> Hallo\n\n!profiel",
        "format": "org.matrix.custom.html",
        "formatted_body": QUOTE + "!profiel",
        "m.relates_to": {"m.in_reply_to": {"event_id": "$e"}},
    }
    assert mentions_of(content, ROOM) == ()
    raw = {"type": "m.room.message", "sender": "@alice:hs", "event_id": "$f", "content": content}
    assert replied_event(raw) == "$e"
    incoming = translate(raw, ROOM, datetime(2026, 1, 1, tzinfo=UTC))
    assert incoming is not None and incoming.text == "/profiel"


def test_a_pill_after_the_quote_still_counts() -> None:
    pill = '<a href="https://matrix.to/#/@carol:hs">Carol</a>'
    content = {
        "msgtype": "m.text",
        "body": "!profiel Carol",
        "format": "org.matrix.custom.html",
        "formatted_body": QUOTE + f"!profiel {pill}",
    }
    (mention,) = mentions_of(content, ROOM)
    assert (mention.user_id, mention.text) == ("@carol:hs", "Carol")
    assert replied_event({"content": content}) is None
