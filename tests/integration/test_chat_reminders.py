"""Reminder stories through the whole core on SQLite and PostgreSQL: set, list, change,
deliver through the outbox exactly once, late after downtime, snooze, quiet hours, pause."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.chat import wire
from bot.domain.outbox import Delivery
from bot.services.ports import UnitOfWork
from tests.support.driver import Driver

# NOW is Wednesday 18 November 2026, 15:30 in Amsterdam.
THU_9 = datetime(2026, 11, 19, 8, tzinfo=UTC)  # Thursday 09:00 local


async def due_outbox(bot: Driver, at: datetime) -> list[Delivery]:
    """What a deliverer for the test platform would send at `at` (and mark sent)."""

    def take(uow: UnitOfWork) -> list[Delivery]:
        taken = uow.outbox.claim("test", at, 1000, at + timedelta(minutes=5))
        for delivery in taken:
            uow.outbox.mark_sent(delivery.id, at)
        return taken

    return await bot.core.store.run(take)


async def fire(bot: Driver, at: datetime) -> list[Delivery]:
    bot.clock.set(at)
    await bot.core.reminders.dispatch_due()
    return await due_outbox(bot, at + timedelta(hours=12))


def text_of(delivery: Delivery) -> str:
    return wire.load(delivery.payload).text.plain


def buttons(delivery: Delivery) -> dict[str, str]:
    return {choice.label: choice.key for choice in wire.load(delivery.payload).choices}


async def test_alice_sets_a_reminder_for_tomorrow_and_gets_it_once(bot: Driver) -> None:
    said = await bot.say("alice", "/herinner morgen om 9u reflectie schrijven")
    assert "Herinnering #1 staat klaar: reflectie schrijven" in said.text
    assert "Ik stuur hem op do 19 nov 2026 om 09:00." in said.text
    assert await fire(bot, THU_9 - timedelta(seconds=1)) == []
    [delivery] = await fire(bot, THU_9)
    assert delivery.key == f"reminder:1:{THU_9.isoformat()}"
    assert delivery.user_id == "alice"
    assert text_of(delivery) == "⏰ Herinnering: reflectie schrijven"
    assert list(buttons(delivery)) == ["Over 1 uur", "Morgen", "Volgende week", "Klaar"]
    assert await fire(bot, THU_9 + timedelta(seconds=5)) == []  # once
    assert "Je hebt geen herinneringen" in (await bot.say("alice", "/herinneringen")).text


async def test_in_a_group_only_a_tick_shows(bot: Driver) -> None:
    said = await bot.say("alice", "/remind in 1.5 hours call mentor", group="staff")
    assert said.here_text == "✓ Genoteerd — de details staan in je privéchat."
    assert "call mentor" in said.private_text
    assert "call mentor" not in said.here_text


async def test_a_past_time_means_tomorrow_and_the_confirmation_says_so(bot: Driver) -> None:
    said = await bot.say("bob", "/herinner 15:00 lessen nakijken")
    assert "Die tijd was vandaag al voorbij, dus het wordt morgen." in said.text
    assert "do 19 nov 2026 om 15:00" in said.text


async def test_english_member_sees_english(bot: Driver) -> None:
    await bot.say("erin", "/language en")
    said = await bot.say("erin", "/remind every weekday at 16:30 log today")
    assert "Reminder #1 is set: log today" in said.text
    assert "Repeats; the first time Wed 18 Nov 2026 at 16:30." in said.text
    [delivery] = await fire(bot, datetime(2026, 11, 18, 15, 30, tzinfo=UTC))
    assert text_of(delivery) == "⏰ Reminder: log today"
    assert list(buttons(delivery)) == ["In 1 hour", "Tomorrow", "Next week", "Done"]


async def test_recurring_advances_and_each_occurrence_is_its_own_row(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    first = await fire(bot, THU_9)
    second = await fire(bot, THU_9 + timedelta(days=1))
    assert [d.key for d in first + second] == [
        f"reminder:1:{THU_9.isoformat()}",
        f"reminder:1:{(THU_9 + timedelta(days=1)).isoformat()}",
    ]
    listing = (await bot.say("alice", "/herinneringen")).text
    assert "#1 🔁 lezen — volgende: za 21 nov 2026 om 09:00" in listing


async def test_missed_by_less_than_the_grace_period_comes_once_marked_late(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    [late] = await fire(bot, THU_9 + timedelta(hours=3))
    assert "Dit had je do 19 nov 2026 om 09:00 moeten krijgen" in text_of(late)
    assert late.key == f"reminder:1:{THU_9.isoformat()}"


async def test_after_long_downtime_stale_occurrences_are_skipped_not_burst(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    await bot.say("alice", "/herinner morgen om 9:00 eenmalig")
    delivered = await fire(bot, THU_9 + timedelta(days=3, hours=2))
    # The one-off one is still delivered (late); the daily one skips to its next time.
    assert [text_of(d).split("\n")[0] for d in delivered] == ["⏰ Herinnering: eenmalig"]
    [next_day] = await fire(bot, THU_9 + timedelta(days=4))
    assert "lezen" in text_of(next_day)


async def test_snooze_an_hour_then_done(bot: Driver) -> None:
    await bot.say("alice", "/herinner morgen om 9u bellen")
    [delivery] = await fire(bot, THU_9)
    said = await bot.send(bot.incoming("alice", choice=buttons(delivery)["Over 1 uur"]))
    assert "Ik herinner je do 19 nov 2026 om 10:00 opnieuw aan: bellen" in said.text
    assert await fire(bot, THU_9 + timedelta(minutes=59)) == []
    [again] = await fire(bot, THU_9 + timedelta(hours=1))
    assert again.key == f"reminder:1:{(THU_9 + timedelta(hours=1)).isoformat()}"
    done = await bot.send(bot.incoming("alice", choice=buttons(again)["Klaar"]))
    assert "afgevinkt" in done.text


async def test_snoozing_a_recurring_reminder_keeps_its_rule(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    [delivery] = await fire(bot, THU_9)
    await bot.send(bot.incoming("alice", choice=buttons(delivery)["Volgende week"]))
    listing = (await bot.say("alice", "/herinneringen")).text
    assert "#1 🔁 lezen — volgende: vr 20 nov 2026 om 09:00" in listing
    assert "#2 lezen — do 26 nov 2026 om 09:00" in listing


async def test_someone_elses_button_does_nothing(bot: Driver) -> None:
    await bot.say("alice", "/herinner morgen om 9u geheim")
    [delivery] = await fire(bot, THU_9)
    said = await bot.send(bot.incoming("mallory", choice=buttons(delivery)["Over 1 uur"]))
    assert said.text == "Deze herinnering bestaat niet meer."
    assert await fire(bot, THU_9 + timedelta(hours=1)) == []


async def test_quiet_hours_move_delivery_to_their_end(bot: Driver) -> None:
    said = await bot.say("alice", "/herinner vandaag om 22:30 laat")
    assert "Dat valt in je rusttijd; je krijgt hem daarom do 19 nov 2026 om 07:00." in said.text
    bot.clock.set(datetime(2026, 11, 18, 21, 30, tzinfo=UTC))
    await bot.core.reminders.dispatch_due()
    assert await due_outbox(bot, datetime(2026, 11, 19, 5, 59, tzinfo=UTC)) == []
    [delivery] = await due_outbox(bot, datetime(2026, 11, 19, 6, tzinfo=UTC))
    assert "laat" in text_of(delivery)


async def test_quiet_hours_can_be_changed_and_switched_off(bot: Driver) -> None:
    assert "van 21:00 tot 07:00" in (await bot.say("alice", "/rusttijd")).text
    assert "van 23:00 tot 06:30" in (await bot.say("alice", "/rusttijd 23:00-6:30")).text
    assert "geen rusttijd" in (await bot.say("alice", "/rusttijd uit")).text
    await bot.say("alice", "/herinner vandaag om 22:30 laat")
    [delivery] = await fire(bot, datetime(2026, 11, 18, 21, 30, tzinfo=UTC))
    assert "laat" in text_of(delivery)
    assert "Geef je rusttijd" in (await bot.say("alice", "/rusttijd 25-3")).text


async def test_holiday_pause_skips_recurring_and_postpones_one_offs(bot: Driver) -> None:
    said = await bot.say("alice", "/vakantie tot 23 november")
    assert "Vakantiestand aan tot ma 23 nov 2026" in said.text
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    await bot.say("alice", "/herinner morgen om 9:00 eenmalig")
    assert await fire(bot, THU_9) == []
    assert await fire(bot, THU_9 + timedelta(days=1)) == []
    delivered = await fire(bot, datetime(2026, 11, 23, 8, tzinfo=UTC))
    assert sorted(text_of(d) for d in delivered) == [
        "⏰ Herinnering: eenmalig",
        "⏰ Herinnering: lezen",
    ]
    assert "loopt tot" not in (await bot.say("alice", "/vakantie")).text


async def test_holiday_pause_can_end_early_and_rejects_the_past(bot: Driver) -> None:
    await bot.say("alice", "/vakantie tot 6 januari")
    assert "loopt tot wo 6 jan 2027" in (await bot.say("alice", "/vakantie")).text
    assert "Vakantiestand uit" in (await bot.say("alice", "/vakantie uit")).text
    assert "Tot wanneer?" in (await bot.say("alice", "/vakantie tot ooit")).text
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    assert len(await fire(bot, THU_9)) == 1


async def test_list_pause_resume_edit_delete_by_typing(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke maandag om 8:00 wat heb ik geleerd?")
    await bot.say("alice", "/herinner over 2 uur koffie")
    listing = (await bot.say("alice", "/herinneringen")).text
    assert "Je herinneringen (2)" in listing
    assert "#1 🔁 wat heb ik geleerd? — volgende: ma 23 nov 2026 om 08:00" in listing
    assert "#2 koffie — wo 18 nov 2026 om 17:30" in listing
    assert "gepauzeerd" in (await bot.say("alice", "/herinneringen pauzeer 1")).text
    assert (
        "#1 ⏸ wat heb ik geleerd? — gepauzeerd" in (await bot.say("alice", "/herinneringen")).text
    )
    assert await fire(bot, datetime(2026, 11, 23, 7, tzinfo=UTC)) != []  # only #2 (koffie)
    resumed = (await bot.say("alice", "/herinneringen hervat 1")).text
    assert "Volgende keer: ma 30 nov 2026 om 08:00" in resumed  # the paused one was skipped
    said = await bot.say("alice", "/herinneringen tijd 1 elke dinsdag om 9:00")
    assert "Herinnering #1 aangepast: wat heb ik geleerd?" in said.text
    assert "di 24 nov 2026 om 09:00" in said.text
    said = await bot.say("alice", "/herinneringen tekst 1 wat ging goed?")
    assert "heet nu: wat ging goed?" in said.text
    assert (
        "verwijderd: wat ging goed?" in (await bot.say("alice", "/herinneringen verwijder 1")).text
    )
    assert "Je hebt geen herinnering #1" in (await bot.say("alice", "/herinneringen 1")).text


async def test_list_buttons_pause_resume_and_delete(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    shown = await bot.say("alice", "/herinneringen 1")
    assert "#1 🔁 lezen" in shown.text
    assert "gepauzeerd" in (await bot.press("alice", "Pauzeren")).text
    await bot.say("alice", "/herinneringen 1")
    assert "loopt weer" in (await bot.press("alice", "Hervatten")).text
    await bot.say("alice", "/herinneringen 1")
    assert "verwijderd" in (await bot.press("alice", "Verwijderen")).text
    assert "Je hebt geen herinneringen" in (await bot.say("alice", "/herinneringen")).text


async def test_timezone_moves_recurring_reminders_with_their_clock_time(bot: Driver) -> None:
    assert "Europe/Amsterdam" in (await bot.say("alice", "/tijdzone")).text
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    said = await bot.say("alice", "/tijdzone europe/london")
    assert "Je tijdzone is nu Europe/London" in said.text
    [delivery] = await fire(bot, datetime(2026, 11, 19, 9, tzinfo=UTC))  # 09:00 in London
    assert "lezen" in text_of(delivery)
    assert "ken ik niet" in (await bot.say("alice", "/tijdzone Mars/Olympus")).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/herinner", "Wanneer moet ik je herinneren?"),
        ("/herinner over 2 uur", "Waaraan moet ik je herinneren?"),
        ("/herinner elke zoveel tijd iets", "Hoe vaak?"),
        ("/herinner 1-1-2020 oud nieuws", "Dat moment is al voorbij."),
        ("/herinneringen iets", "Gebruik: /herinneringen"),
        ("/herinneringen pauzeer", "Welke herinnering?"),
        ("/herinneringen pauzeer 7", "Je hebt geen herinnering #7"),
        ("/herinneringen tijd 7 morgen om 9u", "Je hebt geen herinnering #7"),
    ],
)
async def test_bad_input_gets_a_helpful_reply(bot: Driver, text: str, expected: str) -> None:
    said = await bot.say("alice", text)
    assert expected in said.text


async def test_a_stale_list_button_is_answered(bot: Driver) -> None:
    said = await bot.send(bot.incoming("alice", choice="act:reml:pause.99"))
    assert "Je hebt geen herinnering #99" in said.text
    said = await bot.send(bot.incoming("alice", choice="act:rem:explode.x"))
    assert "verlopen" in said.text


ODD = [
    "/herinner elke",
    "/herinner over",
    "/herinner om",
    "/herinner 99:99 x",
    "/herinner elke maand op de 0e x",
    "/herinner in -3 hours x",
    "/herinner over 1e9 uur x",
    "/herinner morgen om 25u x",
    "/herinner 29-2 x",
    "/herinner \u202e\u0000 over 2 uur",
    "/herinneringen tijd 1",
    "/herinneringen tijd 1 morgen",
    "/herinneringen tekst 1",
    "/herinneringen 99999999999999999999",
    "/herinneringen verwijder #1",
    "/tijdzone " + "x" * 300,
    "/rusttijd 7-7",
    "/rusttijd van tot",
    "/vakantie tot 31-2",
    "/remind every 5th monday of the month x",
]


async def test_odd_input_is_always_answered_helpfully(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke dag om 9:00 lezen")
    for text in ODD:
        said = await bot.say("alice", text)
        assert said.text, text
        assert "er ging bij mij iets mis" not in said.text, text
