"""Built-in reminders (nudges) on SQLite and PostgreSQL: opt-in, at most one a day, the most
useful first, switched off in one tap, and "Log nu" logs in one message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.chat import wire
from bot.domain.outbox import Delivery
from bot.services.ports import UnitOfWork
from tests.support.driver import Driver

# Wednesday 18 November 2026: 15:30 and 16:30 in Amsterdam.
BEFORE = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
AFTERNOON = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)


@pytest.fixture
async def bot(store_url: str):
    driver = await Driver.open(store_url, now=BEFORE)
    yield driver
    await driver.close()


async def nudges_at(bot: Driver, at: datetime) -> list[Delivery]:
    bot.clock.set(at)
    await bot.core.nudges.run()

    def take(uow: UnitOfWork) -> list[Delivery]:
        taken = uow.outbox.claim("test", at, 100, at + timedelta(minutes=5))
        for delivery in taken:
            uow.outbox.mark_sent(delivery.id, at)
        return taken

    return await bot.core.store.run(take)


def text_of(delivery: Delivery) -> str:
    return wire.load(delivery.payload).text.plain


def buttons(delivery: Delivery) -> dict[str, str]:
    return {choice.label: choice.key for choice in wire.load(delivery.payload).choices}


async def test_nothing_without_opting_in(bot: Driver) -> None:
    await bot.say("alice", "/doel Formatief evalueren voor 25 november")
    assert await nudges_at(bot, AFTERNOON) == []


async def test_overview_and_switching_all_on(bot: Driver) -> None:
    shown = (await bot.say("alice", "/steuntjes")).text
    assert "– een doel nadert zijn streefdatum (7 dagen en 1 dag vooraf) (uit)" in shown
    said = (await bot.say("alice", "/steuntjes aan")).text
    assert "✓ op vrijdag, als je die week nog niets logde" in said
    assert "Gebruik: /steuntjes" in (await bot.say("alice", "/steuntjes soms")).text


async def test_a_goal_date_a_week_away_nudges_once_that_day_in_the_afternoon(bot: Driver) -> None:
    await bot.say("alice", "/steuntjes aan")
    await bot.say("alice", "/doel Formatief evalueren voor 25 november")
    await bot.say("alice", "/log 1u intervisie gisteren")  # also owes a reflection
    assert await nudges_at(bot, BEFORE) == []  # 15:30: not yet
    [nudge] = await nudges_at(bot, AFTERNOON)
    assert nudge.key == f"nudge:1:{AFTERNOON.date().isoformat()}"
    assert "„Formatief evalueren” heeft over 7 dagen zijn streefdatum" in text_of(nudge)
    assert list(buttons(nudge)) == ["Zet dit soort herinnering uit"]
    assert await nudges_at(bot, AFTERNOON + timedelta(hours=2)) == []  # one a day
    # Thursday: the goal is 6 days away and nothing was logged on Wednesday.
    assert await nudges_at(bot, AFTERNOON + timedelta(days=1)) == []
    [day_before] = await nudges_at(bot, AFTERNOON + timedelta(days=6))
    assert "„Formatief evalueren” heeft morgen zijn streefdatum" in text_of(day_before)


async def test_reflection_prompt_the_day_after_and_switched_off_in_one_tap(bot: Driver) -> None:
    await bot.say("alice", "/steuntjes aan")
    await bot.say("alice", "/log 1u intervisie")  # today, Wednesday
    [nudge] = await nudges_at(bot, AFTERNOON + timedelta(days=1))
    assert "Gisteren noteerde je #1" in text_of(nudge)
    said = await bot.send(
        bot.incoming("alice", choice=buttons(nudge)["Zet dit soort herinnering uit"])
    )
    assert "Uitgezet: reflectie op de activiteit van gisteren" in said.text
    await bot.say("alice", "/log 1u lesbezoek")  # Thursday, no reflection either
    assert await nudges_at(bot, AFTERNOON + timedelta(days=2)) == []


async def test_friday_log_nudge_only_when_nothing_was_logged(bot: Driver) -> None:
    await bot.say("alice", "/steuntjes aan")
    await bot.say("bob", "/steuntjes aan")
    await bot.say("bob", "/log 1u vakliteratuur gelezen maandag #zelf")
    friday = AFTERNOON + timedelta(days=2)
    delivered = await nudges_at(bot, friday)
    assert [d.user_id for d in delivered] == ["alice"]
    [nudge] = delivered
    assert "je hebt deze week nog niets gelogd" in text_of(nudge).lower()
    asked = await bot.send(bot.incoming("alice", choice=buttons(nudge)["Log nu"]))
    assert "Eén bericht is genoeg" in asked.text
    logged = await bot.say("alice", "1u intervisie met de sectie")
    assert "✓ Genoteerd in je portfolio:" in logged.text
    assert "Intervisie met de sectie" in (await bot.say("alice", "/activiteiten")).text


async def test_holiday_pause_holds_nudges(bot: Driver) -> None:
    await bot.say("alice", "/steuntjes aan")
    await bot.say("alice", "/vakantie tot 1 december")
    await bot.say("alice", "/doel Formatief evalueren voor 25 november")
    assert await nudges_at(bot, AFTERNOON) == []


async def test_the_first_reminder_offers_nudges_in_one_tap(bot: Driver) -> None:
    said = await bot.say("alice", "/herinner morgen om 9u reflectie schrijven")
    assert "Wil je dat ik je ook uit mezelf help herinneren" in said.text
    turned_on = await bot.press("alice", "Steuntjes aanzetten")
    assert "✓ een doel nadert zijn streefdatum" in turned_on.text
    again = await bot.say("alice", "/herinner overmorgen om 9u nog iets")
    assert "uit mezelf" not in again.text
