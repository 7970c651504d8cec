"""/intro through the whole core on SQLite and PostgreSQL: the colleague is asked
privately, and only a yes passes handles on — to both. The asker cannot tell a name that
matches nobody, a colleague who shares nothing, a blocked request, a no or silence from a
request that was really sent."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.chat.messages import Mention, Outgoing
from bot.delivery.outbox import Deliverer

if TYPE_CHECKING:
    from bot.chat.messages import Incoming
    from bot.delivery.channel import UnreachableNote
    from tests.support.driver import Driver, Said

GROUP = "lerarenkamer"


class Inbox:
    """The platform's private chats, as the outbox deliverer reaches them."""

    platform = "test"

    def __init__(self) -> None:
        self.sent: dict[str, list[Outgoing]] = {}

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        self.sent.setdefault(user_id, []).append(message)

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        raise AssertionError("no group posts here")

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        raise AssertionError("everyone is reachable here")

    def text(self, user: str) -> str:
        return "\n".join(m.text.plain for m in self.sent.get(user, []))


def _with_handle(message: Incoming) -> Incoming:
    sender = dataclasses.replace(message.sender, handle=f"@{message.sender.id}-handle")
    return dataclasses.replace(message, sender=sender)


async def say(bot: Driver, user: str, text: str, *, group: str | None = None) -> Said:
    return await bot.send(_with_handle(bot.incoming(user, text, group=group)))


async def deliver(bot: Driver) -> Inbox:
    inbox = Inbox()
    await Deliverer(bot.core.store, bot.clock, inbox, bot.core.translator).deliver_due()
    return inbox


async def press(bot: Driver, inbox: Inbox, user: str, label: str) -> Said:
    """`user` presses `label` on the newest delivered message that has it."""
    for message in reversed(inbox.sent.get(user, [])):
        for choice in message.choices:
            if choice.label == label:
                return await bot.send(_with_handle(bot.incoming(user, choice=choice.key)))
    raise AssertionError(f"{user} has no button {label!r}")


async def colleagues(bot: Driver, *names: str, shared: str = "community") -> None:
    """Members of one group who share their expertise with it."""
    for name in names:
        await say(bot, name, f"/profiel expertise lesson study {name}")
        await say(bot, name, f"/delen expertise {shared}")
        await say(bot, name, "/hulp", group=GROUP)


async def test_on_yes_both_get_the_others_handle_privately(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    said = await say(bot, "alice", "/intro @bob Zin om lesson study te vergelijken?", group=GROUP)
    assert said.here_text == "✓ Ik heb je een privébericht gestuurd."  # the group: no content
    assert "Ik heb het bob gevraagd" in said.private_text
    assert "@bob-handle" not in said.text
    inbox = await deliver(bot)
    question = inbox.sent["bob"][-1]
    assert "Alice wil graag met je kennismaken" in question.text.plain
    assert "expertise: lesson study alice" in question.text.plain  # what alice shares with him
    assert "Zin om lesson study te vergelijken?" in question.text.plain
    assert "@alice-handle" not in question.text.plain  # nothing before a yes
    assert [c.label for c in question.choices] == ["Ja", "Nee", "Nee, en niet meer vragen"]
    answered = await press(bot, inbox, "bob", "Ja")
    assert "Je bereikt Alice via: @alice-handle" in answered.text
    told = await deliver(bot)
    assert "Je bereikt Bob via: @bob-handle" in told.text("alice")
    # The button does nothing twice.
    again = await press(bot, inbox, "bob", "Ja")
    assert "verlopen of al beantwoord" in again.text
    assert (await deliver(bot)).sent == {}


async def test_on_no_no_handle_leaks_and_the_asker_hears_nothing(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "alice", "/intro @bob", group=GROUP)
    inbox = await deliver(bot)
    answered = await press(bot, inbox, "bob", "Nee")
    assert "Alice hoort niet dat je nee zei" in answered.text
    assert "@alice-handle" not in answered.text
    assert (await deliver(bot)).sent == {}  # alice is told nothing, bob's handle goes nowhere
    listed = (await say(bot, "alice", "/intro")).text
    assert "bob — nog geen ja; vervalt op wo 25 nov 2026" in listed


async def test_unknown_names_and_colleagues_who_share_nothing_look_like_a_real_request(
    bot: Driver,
) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "dora", "/hulp", group=GROUP)  # in the group, but shares nothing
    real = (await say(bot, "alice", "/intro @bob hoi")).text
    nobody = (await say(bot, "alice", "/intro @carol hoi")).text
    silent = (await say(bot, "alice", "/intro @dora hoi")).text
    assert real.replace("bob", "X") == nobody.replace("carol", "X") == silent.replace("dora", "X")
    inbox = await deliver(bot)
    assert set(inbox.sent) == {"bob"}  # dora was not asked: she shares nothing with alice
    # Asking again answers alike too: "already asked", for the real one and the others.
    again = [(await say(bot, "alice", f"/intro @{n}")).text for n in ("bob", "carol", "dora")]
    assert "Je hebt bob al gevraagd" in again[0]
    assert again[0].replace("bob", "X") == again[1].replace("carol", "X")
    assert again[0].replace("bob", "X") == again[2].replace("dora", "X")


async def test_an_unanswered_request_expires(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "alice", "/intro @bob")
    inbox = await deliver(bot)
    bot.clock.set(bot.clock.now() + timedelta(days=7, minutes=1))
    late = await press(bot, inbox, "bob", "Ja")
    assert "verlopen of al beantwoord" in late.text
    assert (await deliver(bot)).sent == {}
    # After it lapsed alice may ask again, and bob is asked anew.
    assert "Ik heb het bob gevraagd" in (await say(bot, "alice", "/intro @bob")).text
    assert "wil graag met je kennismaken" in (await deliver(bot)).text("bob")


async def test_requests_are_limited_per_asker(bot: Driver) -> None:
    await colleagues(bot, "alice")
    for n in range(5):  # names of nobody count like real requests: limits reveal nobody
        assert "Ik heb het" in (await say(bot, "alice", f"/intro @collega{n}")).text
    over = (await say(bot, "alice", "/intro @collega9")).text
    assert "Je hebt al 5 verzoeken die nog op een ja wachten" in over
    bot.clock.set(bot.clock.now() + timedelta(days=7, minutes=1))
    for n in range(5):
        assert "Ik heb het" in (await say(bot, "alice", f"/intro @ander{n}")).text
    assert "5 verzoeken" in (await say(bot, "alice", "/intro @laatste")).text


async def test_ten_a_day_at_most(bot: Driver) -> None:
    await colleagues(bot, "alice", *(f"c{n}" for n in range(11)))
    for n in range(10):
        await say(bot, "alice", f"/intro @c{n}")
        inbox = await deliver(bot)
        await press(bot, inbox, f"c{n}", "Ja")  # accepted ones no longer wait
    over = (await say(bot, "alice", "/intro @c10")).text
    assert "Je hebt vandaag al 10 collega's gevraagd" in over
    bot.clock.set(bot.clock.now() + timedelta(days=1, minutes=1))
    assert "Ik heb het c10 gevraagd" in (await say(bot, "alice", "/intro @c10")).text


async def test_no_second_request_to_the_same_person_while_one_is_open(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "alice", "/intro @bob")
    again = (await say(bot, "alice", "/intro @Bob nog een keer")).text
    assert "Je hebt Bob al gevraagd; dat verzoek loopt tot wo 25 nov 2026" in again
    inbox = await deliver(bot)
    assert len(inbox.sent["bob"]) == 1


async def test_a_member_cannot_introduce_themselves(bot: Driver) -> None:
    await colleagues(bot, "alice")
    said = (await say(bot, "alice", "/intro @alice")).text
    assert "Jezelf voorstellen hoeft niet" in said
    assert (await deliver(bot)).sent == {}


async def test_no_and_dont_ask_again_blocks_that_asker_silently(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob", "carol")
    await say(bot, "alice", "/intro @bob")
    inbox = await deliver(bot)
    blocked = await press(bot, inbox, "bob", "Nee, en niet meer vragen")
    assert "verzoeken van Alice stuur ik je niet meer door" in blocked.text
    bot.clock.set(bot.clock.now() + timedelta(days=8))
    # alice hears the same as ever; bob is not asked again. carol still can ask bob.
    assert "Ik heb het bob gevraagd" in (await say(bot, "alice", "/intro @bob")).text
    assert "Ik heb het bob gevraagd" in (await say(bot, "carol", "/intro @bob")).text
    inbox = await deliver(bot)
    assert len(inbox.sent["bob"]) == 1 and "Carol wil graag" in inbox.text("bob")


async def test_only_the_asked_member_can_answer(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "alice", "/intro @bob")
    inbox = await deliver(bot)
    yes = next(c.key for c in inbox.sent["bob"][-1].choices if c.label == "Ja")
    stolen = await bot.send(_with_handle(bot.incoming("mallory", choice=yes)))
    assert "verlopen of al beantwoord" in stolen.text
    assert (await deliver(bot)).sent == {}
    assert "Je bereikt Alice" in (await press(bot, inbox, "bob", "Ja")).text


async def test_bad_input_gets_a_helpful_answer(bot: Driver) -> None:
    assert "/intro @naam" in (await say(bot, "alice", "/intro")).text
    assert "/intro @naam" in (await say(bot, "alice", "/intro bob")).text
    long = (await say(bot, "alice", "/intro @bob " + "x" * 301)).text
    assert "houd het onder de 300" in long
    assert "/intro @naam" in (await say(bot, "alice", "/introduce")).text  # English name


async def test_a_name_of_several_words(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "bob", "/profiel naam Bob de Vries")
    await say(bot, "bob", "/delen naam community")
    said = (await say(bot, "alice", "/intro @Bob de Vries graag!")).text
    assert "Ik heb het Bob de Vries gevraagd" in said
    inbox = await deliver(bot)
    assert "Bericht van Alice: „graag!”" in inbox.text("bob")


def _naming(message: Incoming, *mentions: Mention) -> Incoming:
    return dataclasses.replace(_with_handle(message), mentions=mentions)


async def test_a_mention_or_a_reply_names_the_colleague(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob", "carol")
    # A mention by user id (Discord's <@id>, Matrix's pill): the text around it is the message.
    by_id = Mention(user_id="bob", text="<@bob>", name="Bobby")
    said = await bot.send(_naming(bot.incoming("alice", "/intro <@bob> hoi!", group=GROUP), by_id))
    assert "Ik heb het Bobby gevraagd" in said.private_text
    inbox = await deliver(bot)
    assert "Bericht van Alice: „hoi!”" in inbox.text("bob")
    # A mention by @username (Telegram): found through the handle bob's messages carry.
    by_handle = Mention(handle="@carol-handle", text="@carol-handle", name="@carol-handle")
    message = bot.incoming("alice", "/intro @carol-handle dag", group=GROUP)
    said = await bot.send(_naming(message, by_handle))
    assert "Ik heb het @carol-handle gevraagd" in said.private_text
    assert "Bericht van Alice: „dag”" in (await deliver(bot)).text("carol")
    # A reply to dora's message, dora sharing nothing: the same answer, nobody asked.
    await say(bot, "dora", "/hulp", group=GROUP)
    reply = Mention(user_id="dora", name="Dora")
    said = await bot.send(_naming(bot.incoming("alice", "/intro hallo", group=GROUP), reply))
    assert "Ik heb het Dora gevraagd" in said.private_text
    assert (await deliver(bot)).sent == {}
    # A reply to one's own message.
    own = Mention(user_id="alice", name="Alice")
    said = await bot.send(_naming(bot.incoming("alice", "/intro", group=GROUP), own))
    assert "Jezelf voorstellen hoeft niet" in said.text


async def test_my_data_counts_requests_and_forgetting_erases_them(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "alice", "/intro @bob")
    assert "1 verzoek om kennis te maken" in (await say(bot, "bob", "/mijngegevens")).text
    await say(bot, "alice", "/vergeet")
    await bot.press("alice", "Wis alles, ook mijn reviews")
    inbox = await deliver(bot)
    late = await press(bot, inbox, "bob", "Ja")  # the asker is gone: nothing to answer
    assert "verlopen of al beantwoord" in late.text
    assert "kennis te maken" not in (await say(bot, "bob", "/mijngegevens")).text


async def test_the_handle_passed_on_is_the_newest_the_platform_gave(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "alice", "/intro @bob")
    renamed = bot.incoming("alice", "/hulp")
    renamed = dataclasses.replace(
        renamed, sender=dataclasses.replace(renamed.sender, handle="@alice-nieuw")
    )
    await bot.send(renamed)  # alice changed her user name on the platform since
    inbox = await deliver(bot)
    assert "Je bereikt Alice via: @alice-nieuw" in (await press(bot, inbox, "bob", "Ja")).text


async def test_the_member_is_read_with_the_stored_handle(bot: Driver) -> None:
    """What lets the router write a handle only when the platform gives a new one."""
    await say(bot, "alice", "/hulp")
    found = await bot.core.store.run(lambda uow: uow.members.by_identity("test", "alice"))
    assert found is not None and found.handle == "@alice-handle"
    handles = await bot.core.store.run(lambda uow: uow.members.handles(found.id))
    assert handles == [("test", "@alice-handle")]


async def test_the_question_waits_for_the_end_of_quiet_hours(bot: Driver) -> None:
    await colleagues(bot, "alice", "bob")
    await say(bot, "bob", "/rusttijd 15:00-17:00")  # it is 15:30 in Amsterdam
    await say(bot, "alice", "/intro @bob")
    assert (await deliver(bot)).sent == {}
    bot.clock.set(bot.clock.now() + timedelta(hours=1, minutes=31))
    assert "Alice wil graag met je kennismaken" in (await deliver(bot)).text("bob")
