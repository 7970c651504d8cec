"""/profiel by whom the platform points at, through the whole core on SQLite and
PostgreSQL: a mention by user id (Discord's <@id>, a Matrix pill), an @username (Telegram:
found by handle), a reply to a colleague's message. The same resolver as /intro; only what
the colleague shares with the asker, and a colleague who shares nothing gets the very
answer someone unknown gets."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.chat.messages import Mention
from tests.integration.test_chat_data import sending
from tests.integration.test_chat_photos import has_photo, image_file, jpeg, photo_of

if TYPE_CHECKING:
    from bot.chat.messages import Incoming
    from tests.support.driver import Driver, Said

GROUP = "lerarenkamer"


def _with_handle(message: Incoming) -> Incoming:
    sender = dataclasses.replace(message.sender, handle=f"@{message.sender.id}-handle")
    return dataclasses.replace(message, sender=sender)


async def say(bot: Driver, user: str, text: str, *, group: str | None = None) -> Said:
    return await bot.send(_with_handle(bot.incoming(user, text, group=group)))


async def naming(
    bot: Driver, user: str, text: str, *mentions: Mention, group: str | None = GROUP
) -> Said:
    message = _with_handle(bot.incoming(user, text, group=group))
    return await bot.send(dataclasses.replace(message, mentions=mentions))


async def members(bot: Driver) -> None:
    """alice and bob share a group and bob shares his expertise with it; dora is in the
    group and shares nothing."""
    await say(bot, "bob", "/profiel expertise lesson study")
    await say(bot, "bob", "/delen expertise community")
    await say(bot, "alice", "/profiel school De Linde")
    for name in ("alice", "bob", "dora"):
        await say(bot, name, "/hulp", group=GROUP)


BY_ID = Mention(user_id="bob", text="<@bob>", name="Bobby")
BY_HANDLE = Mention(handle="@bob-handle", text="@bob-handle", name="@bob-handle")
REPLY = Mention(user_id="bob", name="Bobby")


async def test_a_mention_by_user_id_shows_what_they_share(bot: Driver) -> None:
    await members(bot)
    said = await naming(bot, "alice", "/profiel <@bob>", BY_ID)
    assert said.here_text == "✓ Ik heb je een privébericht gestuurd."  # the group: no content
    assert "Bob" in said.private_text
    assert "expertise: lesson study" in said.private_text
    assert "De Linde" not in said.private_text


async def test_an_at_username_is_found_by_handle(bot: Driver) -> None:
    await members(bot)
    said = await naming(bot, "alice", "/profiel @bob-handle", BY_HANDLE, group=None)
    assert "expertise: lesson study" in said.text


async def test_a_reply_means_the_author_of_that_message_not_oneself(bot: Driver) -> None:
    await members(bot)
    said = await naming(bot, "alice", "/profiel", REPLY)
    assert "expertise: lesson study" in said.private_text
    assert "De Linde" not in said.private_text  # not alice's own profile
    # A field given in a reply still changes one's own profile.
    said = await naming(bot, "alice", "/profiel vakken wiskunde", REPLY, group=None)
    assert "wiskunde" in said.text
    assert "wiskunde" not in (await say(bot, "bob", "/profiel")).text


async def test_a_reply_to_ones_own_message_is_ones_own_profile(bot: Driver) -> None:
    await members(bot)
    said = await naming(bot, "alice", "/profiel", Mention("alice", name="Alice"), group=None)
    assert said.text == (await say(bot, "alice", "/profiel")).text
    assert "De Linde — privé" in said.text


async def test_shares_nothing_is_answered_like_unknown_for_each_way(bot: Driver) -> None:
    """dora is in alice's group and shares nothing; zed never used the bot. The platform
    shows both as "D."."""
    await members(bot)
    tag = "@d-handle"  # the same text typed; the platform knows whom it names
    cases = [
        ("<@d>", Mention("dora", text="<@d>", name="D."), Mention("zed", text="<@d>", name="D.")),
        (
            tag,
            Mention(handle="@dora-handle", text=tag, name="D."),
            Mention(handle="@zed-handle", text=tag, name="D."),
        ),
        ("", Mention("dora", name="D."), Mention("zed", name="D.")),
    ]
    for tag, dora, zed in cases:
        known = await naming(bot, "alice", f"/profiel {tag}", dora, group=None)
        unknown = await naming(bot, "alice", f"/profiel {tag}", zed, group=None)
        assert "kan ik je niets laten zien" in known.text
        assert known.text == unknown.text
        assert not has_photo(known) and not has_photo(unknown)
        # In the group, the same acknowledgement either way.
        known = await naming(bot, "alice", f"/profiel {tag}", dora)
        unknown = await naming(bot, "alice", f"/profiel {tag}", zed)
        assert known.here_text == unknown.here_text
        assert known.private_text == unknown.private_text


async def test_an_at_name_nobody_has_as_handle_is_looked_up_by_name(bot: Driver) -> None:
    """Telegram marks any @word as a mention: "@Bob" is nobody's username, but a name."""
    await members(bot)
    word = Mention(handle="@Bob", text="@Bob", name="@Bob")
    said = await naming(bot, "alice", "/profiel @Bob", word, group=None)
    assert "expertise: lesson study" in said.text


async def test_a_handles_owner_sharing_nothing_is_like_no_owner(bot: Driver) -> None:
    """An @word is a name as well: someone called so is shown whether or not the word is
    also the handle of a member who shares nothing (else the answer would tell)."""
    await members(bot)
    await say(bot, "bob", "/profiel naam dora-handle")
    await say(bot, "bob", "/delen naam community")
    dora = Mention(handle="@dora-handle", text="@dora-handle", name="@dora-handle")
    said = await naming(bot, "alice", "/profiel @dora-handle", dora, group=None)
    assert "expertise: lesson study" in said.text  # bob's, by his name


async def test_a_user_id_nobody_uses_is_not_looked_up_by_its_name(bot: Driver) -> None:
    """A pill or <@id> names one person; another member called so is not them."""
    await members(bot)
    other = Mention("zed", text="Bob", name="Bob")  # a Matrix pill shows the display name
    said = await naming(bot, "alice", "/profiel Bob", other, group=None)
    assert (
        said.text == "Over Bob kan ik je niets laten zien: er is niets wat diegene met je deelt."
    )
    unnamed = Mention("zed", text="<@zed>")  # Discord, the member not in the bot's cache
    said = await naming(bot, "alice", "/profiel <@zed>", unnamed, group=None)
    assert "Over je collega kan ik je niets laten zien" in said.text


async def test_the_photo_is_of_the_member_pointed_at(bot: Driver) -> None:
    """Two colleagues called Sam: a mention shows the one pointed at, and only their photo."""
    for user in ("sam1", "sam2"):
        await say(bot, user, "/profiel naam Sam")
        size = (800, 800) if user == "sam1" else (600, 300)
        await bot.send(sending(bot, user, image_file(jpeg(*size)), "/foto"))
        await say(bot, user, "/delen naam openbaar")
        await say(bot, user, "/delen foto openbaar")
    by_name = await say(bot, "alice", "/profiel @Sam")
    assert sum(r.attachment is not None for r in by_name.replies) == 2
    said = await naming(bot, "alice", "/profiel", Mention(user_id="sam2", name="Sam"), group=None)
    assert sum(r.attachment is not None for r in said.replies) == 1
    assert photo_of(said).size == (512, 256)  # sam2's
    said = await naming(
        bot, "alice", "/profiel <@sam1>", Mention("sam1", text="<@sam1>"), group=None
    )
    assert sum(r.attachment is not None for r in said.replies) == 1
    assert photo_of(said).size == (512, 512)  # sam1's
