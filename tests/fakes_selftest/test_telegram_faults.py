"""The fake Bot API's fault mode (tests/fakes/telegram_faults.py), proven against the real
python-telegram-bot: what fails, how PTB sees it, what was applied, and that a seed
reproduces the same faults however the chats interleave."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time

import pytest
from telegram.error import NetworkError, RetryAfter, TimedOut

from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_faults import FaultInjector, FaultPlan
from tests.fakes.telegram_fixture import ptb_builder, telegram_api

__all__ = ["telegram_api"]  # the fixture, imported for pytest


def decisions(injector: FaultInjector, order: list[int], method: str = "sendmessage") -> dict:
    seen: dict[int, list[str | None]] = {}
    for chat in order:
        decision = injector.decide(method, chat)
        seen.setdefault(chat, []).append(decision.kind if decision else None)
    return seen


def test_a_seed_gives_the_same_faults_per_chat_whatever_the_interleaving() -> None:
    chats = list(range(1, 21))
    in_turn = [chat for _ in range(10) for chat in chats]  # 1..20, 1..20, ...
    one_by_one = [chat for chat in chats for _ in range(10)]  # 1 x10, 2 x10, ...
    first = decisions(FaultInjector(FaultPlan(rate=0.5, seed=7)), in_turn)
    again = decisions(FaultInjector(FaultPlan(rate=0.5, seed=7)), one_by_one)
    other = decisions(FaultInjector(FaultPlan(rate=0.5, seed=8)), in_turn)
    assert first == again
    assert first != other
    kinds = {kind for calls in first.values() for kind in calls}
    assert kinds == {None, "429", "500", "502", "slow"}  # no "hang" for a send


def test_the_share_of_failed_calls_is_the_rate() -> None:
    for rate in (0.1, 0.5):
        injector = FaultInjector(FaultPlan(rate=rate, seed=1))
        for call in range(4000):
            injector.decide("sendmessage", call % 100)
        assert abs(injector.count() / 4000 - rate) < 0.03, (rate, injector.count())


def test_spared_chats_other_methods_and_a_stopped_injector_never_fail() -> None:
    injector = FaultInjector(FaultPlan(rate=1.0, seed=3, spared=frozenset({5})))
    assert all(injector.decide("sendmessage", 5) is None for _ in range(50))
    assert injector.decide("getme", None) is None
    assert injector.decide("setmycommands", None) is None
    assert injector.decide("sendmessage", 6) is not None
    polls = [injector.decide("getupdates", None) for _ in range(50)]
    assert {d.kind for d in polls if d} == {"429", "500", "502", "hang"}
    injector.stop()
    assert injector.decide("sendmessage", 6) is None
    with pytest.raises(ValueError, match="shares"):
        FaultPlan(rate=1.5)


async def test_refusals_reach_ptb_as_telegram_errors_and_are_not_applied(
    telegram_api: TelegramApiServer,
) -> None:
    api = telegram_api
    users = [api.create_user(f"Leraar{n}") for n in range(40)]
    faults = api.inject_faults(FaultPlan(rate=1.0, seed=11, kinds={"429": 1, "500": 1, "502": 1}))
    errors: dict[str, list[Exception]] = {}
    async with ptb_builder(api).build() as app:
        for user in users:
            try:
                await app.bot.send_message(user.id, "Hoi")
            except (RetryAfter, NetworkError) as error:
                errors.setdefault(type(error).__name__, []).append(error)
        faults.stop()
        await app.bot.send_message(users[0].id, "Hersteld")  # the platform recovered

    assert sum(len(found) for found in errors.values()) == 40
    assert faults.count("429") == len(errors["RetryAfter"])
    assert faults.count("500") + faults.count("502") == len(errors["NetworkError"])
    for error in errors["RetryAfter"]:
        assert isinstance(error, RetryAfter)
        assert error.retry_after in (dtm.timedelta(seconds=1), dtm.timedelta(seconds=2))
    described = {str(error) for error in errors["NetworkError"]}
    assert described <= {"Internal Server Error", "Bad Gateway"} and len(described) == 2
    assert [m.plain_text for user in users for m in api.sent(user)] == ["Hersteld"]
    assert faults.faulted_chats() == {user.id for user in users}


async def test_a_slow_answer_times_out_although_the_message_was_delivered(
    telegram_api: TelegramApiServer,
) -> None:
    api = telegram_api
    user = api.create_user()
    faults = api.inject_faults(FaultPlan(rate=1.0, seed=2, kinds={"slow": 1}, slow_seconds=3))
    async with ptb_builder(api).read_timeout(0.5).build() as app:
        started = time.monotonic()
        with pytest.raises(TimedOut):
            await app.bot.send_message(user.id, "Te laat bevestigd")
        assert time.monotonic() - started < 2.0  # the client gave up, not the fake
    (delivered,) = api.sent(user)
    assert delivered.plain_text == "Te laat bevestigd"
    assert faults.slow_messages(user.id) == {delivered.message_id}


async def test_a_hanging_poll_keeps_the_updates_for_the_next_one(
    telegram_api: TelegramApiServer,
) -> None:
    api = telegram_api
    user = api.create_user()
    api.user_sends(user, None, "/log 1u intervisie")
    faults = api.inject_faults(FaultPlan(rate=0.0, poll_rate=1.0, seed=4, kinds={"hang": 1}))
    async with ptb_builder(api).build() as app:
        with pytest.raises(TimedOut):
            await app.bot.get_updates(timeout=0, read_timeout=0.5)
        assert api.pending_update_ids == [1]
        faults.stop()
        (update,) = await app.bot.get_updates(timeout=0)
    assert update.message is not None and update.message.text == "/log 1u intervisie"
    assert [fault.kind for fault in faults.log] == ["hang"]


async def test_stopping_the_server_ends_held_answers_at_once() -> None:
    async with TelegramApiServer.running() as api:
        user = api.create_user()
        api.inject_faults(FaultPlan(rate=1.0, kinds={"slow": 1}, slow_seconds=60))
        app = ptb_builder(api).read_timeout(120).build()
        await app.initialize()
        try:
            sending = asyncio.create_task(app.bot.send_message(user.id, "Hoi"))
            await api.wait_until(lambda: bool(api.sent(user)), what="the slow send applied")
            started = time.monotonic()
            await api.stop()
            sent = await sending  # answered as the server stops, not after 60 s
        finally:
            await app.shutdown()
    assert time.monotonic() - started < 3.0
    assert sent.text == "Hoi"
