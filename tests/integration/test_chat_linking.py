"""One portfolio across platforms, as members experience it, through the whole core on
SQLite and PostgreSQL: /koppel on one platform, the code on another; merging with data on
both sides (after a question); expired, reused and guessed codes; a code in a group;
/koppelingen listing, unlinking and choosing where private messages go."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.chat import wire
from bot.chat.messages import Chat, ChatKind, Incoming, Sender
from bot.domain.outbox import Delivery
from bot.services.linking import MAX_ATTEMPTS
from bot.services.ports import NewDelivery, UnitOfWork
from tests.support.driver import NOW, PLATFORM, Driver, Said

OTHER = "elders"  # a second platform (an opaque name to the core)
_CODE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b")


@pytest.fixture
async def bot(store_url: str) -> AsyncIterator[Driver]:
    driver = await Driver.open(store_url)
    yield driver
    await driver.close()


async def on(
    bot: Driver,
    platform: str,
    user: str,
    text: str = "",
    *,
    group: str | None = None,
    choice: str | None = None,
) -> Said:
    """`user` writes on `platform` (the driver's own platform, or another)."""
    if group is None:
        chat = Chat(platform, f"dm-{user}", ChatKind.PRIVATE, user)
    else:
        chat = Chat(platform, f"group-{group}", ChatKind.GROUP, group)
    message = Incoming(
        uuid.uuid4().hex,
        chat,
        Sender(platform, user, user.title()),
        bot.clock.now(),
        text=text,
        choice=choice,
    )
    return await bot.send(message)


async def press(bot: Driver, platform: str, user: str, label: str) -> Said:
    key = next(k for k, lab in bot.last_choices[user] if lab == label)
    return await on(bot, platform, user, choice=key)


def code_in(said: Said) -> str:
    match = _CODE.search(said.text)
    assert match, said.text
    return match.group(1)


async def new_code(bot: Driver, user: str = "anna") -> str:
    return code_in(await bot.say(user, "/koppel"))


async def test_linking_an_empty_account_shows_the_portfolio_there(bot: Driver) -> None:
    await bot.say("anna", "/log 2u lesson study rekenen gisteren")
    said = await bot.say("anna", "/koppel")
    assert "Je koppelcode:" in said.text and "10 minuten" in said.text
    code = code_in(said)
    linked = await on(bot, OTHER, "anna-o", f"/koppel {code}")
    assert "✓ Gekoppeld" in linked.text
    assert "Lesson study rekenen" in (await on(bot, OTHER, "anna-o", "/activiteiten")).text
    # Logged on the other platform, it shows on the first one, with the next number.
    await on(bot, OTHER, "anna-o", "/log 1u intervisie vandaag")
    shown = (await bot.say("anna", "/activiteiten")).text
    assert "#1" in shown and "#2" in shown and "Intervisie" in shown


async def test_the_code_alone_is_enough_privately(bot: Driver) -> None:
    code = await new_code(bot)
    said = await on(bot, OTHER, "anna-o", code.lower())
    assert "✓ Gekoppeld" in said.text


async def test_both_sides_with_data_are_merged_after_a_question(bot: Driver) -> None:
    await bot.say("anna", "/doel Formatief evalueren")
    await bot.say("anna", "/log 2u lesson study rekenen gisteren doel 1")
    await on(bot, OTHER, "anna-o", "/doel Rekendidactiek verdiepen")
    await on(bot, OTHER, "anna-o", "/log 1u intervisie vandaag doel 1")
    await on(bot, OTHER, "anna-o", "/reflectie Goed gesprek over exit tickets.")
    code = await new_code(bot)
    asked = await on(bot, OTHER, "anna-o", f"/koppel {code}")
    assert "Allebei de accounts hebben al gegevens" in asked.text
    assert "Hier: 1 activiteit, 1 doel, 0 herinneringen" in asked.text
    assert [label for _, label in bot.last_choices["anna-o"]] == [
        "Ja, voeg samen",
        "Nee, niet koppelen",
    ]
    # Nothing happened yet.
    assert "Intervisie" not in (await bot.say("anna", "/activiteiten")).text
    merged = await press(bot, OTHER, "anna-o", "Ja, voeg samen")
    assert "✓ Samengevoegd" in merged.text
    shown = (await bot.say("anna", "/activiteiten")).text
    assert "Lesson study rekenen" in shown and "#2" in shown and "Intervisie" in shown
    goals = (await on(bot, OTHER, "anna-o", "/doelen")).text
    assert "Formatief evalueren" in goals and "Rekendidactiek verdiepen" in goals


async def test_saying_no_keeps_both_apart(bot: Driver) -> None:
    await bot.say("anna", "/log 2u lesson study rekenen gisteren")
    await on(bot, OTHER, "anna-o", "/log 1u intervisie vandaag")
    code = await new_code(bot)
    await on(bot, OTHER, "anna-o", f"/koppel {code}")
    said = await press(bot, OTHER, "anna-o", "Nee, niet koppelen")
    assert "Niet gekoppeld" in said.text
    assert "Lesson study" not in (await on(bot, OTHER, "anna-o", "/activiteiten")).text
    # The code was used up by entering it.
    assert "al gebruikt" in (await on(bot, OTHER, "anna-o", f"/koppel {code}")).text


async def test_an_expired_code_is_refused(bot: Driver) -> None:
    code = await new_code(bot)
    bot.clock.set(bot.clock.now() + timedelta(minutes=10, seconds=1))
    said = await on(bot, OTHER, "anna-o", f"/koppel {code}")
    assert "verlopen" in said.text
    assert "✓ Gekoppeld" not in said.text


async def test_a_code_works_once(bot: Driver) -> None:
    code = await new_code(bot)
    assert "✓ Gekoppeld" in (await on(bot, OTHER, "anna-o", f"/koppel {code}")).text
    said = await on(bot, "third", "mallory", f"/koppel {code}")
    assert "al gebruikt" in said.text
    assert "/activiteiten" not in said.text and "✓" not in said.text
    # Entered again from the account it already joined: nothing to do.
    code = await new_code(bot)
    assert "hoort al bij dat portfolio" in (await on(bot, OTHER, "anna-o", code)).text


async def test_own_code_on_the_same_account(bot: Driver) -> None:
    code = await new_code(bot)
    assert "je eigen code" in (await bot.say("anna", f"/koppel {code}")).text


async def test_guessing_is_limited_per_member(bot: Driver) -> None:
    code = await new_code(bot)
    for attempt in range(MAX_ATTEMPTS):
        said = await on(bot, OTHER, "mallory", "/koppel ABCD-EFGH")
        assert "Die code ken ik niet" in said.text
        assert f"nog {MAX_ATTEMPTS - attempt - 1} keer" in said.text
    # Now even the right code is refused, with the time to try again (in Amsterdam).
    said = await on(bot, OTHER, "mallory", f"/koppel {code}")
    assert "Te veel verkeerde codes" in said.text and "na 16:30" in said.text
    assert "Gekoppeld" not in said.text
    bot.clock.set(bot.clock.now() + timedelta(hours=1, seconds=1))
    code = await new_code(bot)
    assert "✓ Gekoppeld" in (await on(bot, OTHER, "mallory", f"/koppel {code}")).text


async def test_in_a_group_the_code_goes_to_the_private_chat(bot: Driver) -> None:
    said = await bot.say("anna", "/koppel", group="lerarenkamer")
    assert not _CODE.search(said.here_text)
    assert [r.is_ack for r in said.here] == [True]
    code = code_in(Said(said.private))
    # A code typed in a group stops working, and the member hears so privately.
    typed = await on(bot, OTHER, "anna-o", f"/koppel {code}", group="vakgroep")
    assert "nooit in een groep" in typed.private_text
    assert code not in typed.here_text
    assert "al gebruikt" in (await on(bot, OTHER, "anna-o", f"/koppel {code}")).text


async def test_unlinking_splits_off_an_empty_account(bot: Driver) -> None:
    await bot.say("anna", "/log 2u lesson study rekenen gisteren")
    code = await new_code(bot)
    bot.clock.set(bot.clock.now() + timedelta(minutes=1))  # the other account is newer
    await on(bot, OTHER, "anna-o", f"/koppel {code}")
    listed = (await bot.say("anna", "/koppelingen")).text
    assert f"1. {PLATFORM} — anna (hier)" in listed
    assert f"2. {OTHER} — anna-o" in listed
    asked = await bot.say("anna", "/koppelingen los 2")
    assert "losmaken?" in asked.text
    said = await bot.press("anna", "Ja, maak los")
    assert f"✓ {OTHER} — anna-o is losgemaakt" in said.text
    assert "Lesson study" in (await bot.say("anna", "/activiteiten")).text
    assert "Lesson study" not in (await on(bot, OTHER, "anna-o", "/activiteiten")).text
    assert "Dit is je enige account" in (await bot.say("anna", "/koppelingen los 1")).text
    assert "Geen gekoppeld account" in (await bot.say("anna", "/koppelingen los 7")).text


async def take_outbox(bot: Driver, platform: str, at: datetime) -> list[Delivery]:
    def take(uow: UnitOfWork) -> list[Delivery]:
        taken = uow.outbox.claim(platform, at, 1000, at + timedelta(minutes=5))
        for delivery in taken:
            uow.outbox.mark_sent(delivery.id, at)
        return taken

    return await bot.core.store.run(take)


THU_9 = datetime(2026, 11, 19, 8, tzinfo=UTC)  # Thursday 09:00 in Amsterdam


async def fire(bot: Driver, at: datetime) -> dict[str, list[str]]:
    bot.clock.set(at)
    await bot.core.reminders.dispatch_due()
    later = at + timedelta(hours=12)
    sent = {platform: await take_outbox(bot, platform, later) for platform in (PLATFORM, OTHER)}
    return {p: [wire.load(d.payload).text.plain for d in rows] for p, rows in sent.items()}


async def test_reminders_go_where_the_member_last_wrote_privately(bot: Driver) -> None:
    await bot.say("anna", "/herinner elke dag om 9u reflectie schrijven")
    code = await new_code(bot)
    bot.clock.set(bot.clock.now() + timedelta(minutes=1))  # the other account is newer
    await on(bot, OTHER, "anna-o", f"/koppel {code}")
    # Anna last wrote privately on the other platform: the reminder goes there.
    assert await fire(bot, THU_9) == {PLATFORM: [], OTHER: ["⏰ Herinnering: reflectie schrijven"]}
    await bot.say("anna", "/koppelingen")  # now she writes on the first one again
    assert await fire(bot, THU_9 + timedelta(days=1)) == {
        PLATFORM: ["⏰ Herinnering: reflectie schrijven"],
        OTHER: [],
    }
    # Her choice wins over where she last wrote.
    said = await bot.say("anna", f"/koppelingen voorkeur {OTHER}")  # by name, or number
    assert f"✓ Privéberichten gaan voortaan naar {OTHER} — anna-o" in said.text
    assert "jouw keuze" in (await bot.say("anna", "/koppelingen")).text
    assert await fire(bot, THU_9 + timedelta(days=2)) == {
        PLATFORM: [],
        OTHER: ["⏰ Herinnering: reflectie schrijven"],
    }
    await bot.say("anna", "/koppelingen voorkeur auto")
    assert await fire(bot, THU_9 + timedelta(days=3)) == {
        PLATFORM: ["⏰ Herinnering: reflectie schrijven"],
        OTHER: [],
    }


async def test_data_only_on_the_entering_account_moves_without_a_question(bot: Driver) -> None:
    await on(bot, OTHER, "anna-o", "/log 1u intervisie vandaag")  # activities, no goals
    code = await new_code(bot)
    said = await on(bot, OTHER, "anna-o", code)
    assert "✓ Gekoppeld" in said.text
    assert "Samengevoegd vanaf dit account: 1 activiteit," in said.text
    assert not bot.last_choices.get("anna-o")
    assert "Intervisie" in (await bot.say("anna", "/activiteiten")).text


async def test_messages_owed_to_an_unlinked_account_go_to_the_portfolio(bot: Driver) -> None:
    await bot.say("anna", "/herinner morgen om 9u reflectie schrijven")
    code = await new_code(bot)
    bot.clock.set(bot.clock.now() + timedelta(minutes=1))
    await on(bot, OTHER, "anna-o", f"/koppel {code}")  # written last: the reminder goes there
    bot.clock.set(THU_9)
    await bot.core.reminders.dispatch_due()  # queued for the other platform, not yet sent
    await bot.say("anna", "/koppelingen los 2")
    await bot.press("anna", "Ja, maak los")
    later = THU_9 + timedelta(hours=12)
    assert await take_outbox(bot, OTHER, later) == []
    [moved] = await take_outbox(bot, PLATFORM, later)
    assert (moved.user_id, wire.load(moved.payload).text.plain) == (
        "anna",
        "⏰ Herinnering: reflectie schrijven",
    )


async def test_what_was_blocked_elsewhere_arrives_where_the_member_writes(bot: Driver) -> None:
    code = await new_code(bot)
    await on(bot, OTHER, "anna-o", f"/koppel {code}")

    def blocked(uow: UnitOfWork) -> None:
        member = uow.members.by_identity(PLATFORM, "anna")
        assert member is not None
        payload = {"v": 1, "spans": [["Je suggestie is goedgekeurd.", "plain"]]}
        item = NewDelivery("s1", member.id, PLATFORM, "anna", payload, NOW, "-100", blocked=True)
        uow.outbox.enqueue(item, NOW)

    await bot.core.store.run(blocked)
    bot.clock.set(bot.clock.now() + timedelta(minutes=2))
    said = await on(bot, OTHER, "anna-o", "/koppelingen")
    assert "gekoppelde accounts" in said.text
    later = bot.clock.now() + timedelta(seconds=1)
    assert await take_outbox(bot, PLATFORM, later) == []
    [moved] = await take_outbox(bot, OTHER, later)
    assert (moved.user_id, moved.notice_chat_id) == ("anna-o", None)
