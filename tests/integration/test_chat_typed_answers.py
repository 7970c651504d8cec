"""A question that takes a typed answer says so, and a typed answer written for it (in a
platform's form) answers that question only: in a group too, never read as a command."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.chat import wire
from bot.chat.messages import Outgoing, Span, Text, TypedAnswer
from bot.services.catalogue_import import import_catalogue
from tests.support.driver import NOW, Driver, Said

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "catalogus-voorbeeld.csv"
COURSE = "Formatief evalueren in de praktijk"


@pytest.fixture
async def bot(store_url: str):
    driver = await Driver.open(store_url)
    await import_catalogue(driver.core.store, EXAMPLE.name, EXAMPLE.read_bytes(), NOW)
    yield driver
    await driver.close()


def question(said: Said) -> Outgoing:
    (asked,) = [r for r in said.replies if r.typed_answer is not None]
    return asked


async def answer(bot: Driver, user: str, text: str, token: str, group: str | None) -> Said:
    written = dataclasses.replace(bot.incoming(user, text, group=group), answers=token)
    return await bot.send(written)


async def test_a_typed_answer_from_a_form_answers_its_question_in_a_group(bot: Driver) -> None:
    said = await bot.say("anna", f"/beoordeel {COURSE} 4", group="PLG")
    asked = question(said)
    assert asked.typed_answer is not None
    assert asked.typed_answer == TypedAnswer(asked.typed_answer.token, "✏️ Antwoord typen", "nl")
    # Plain text in a group is none of the bot's business …
    assert (await bot.say("anna", "Direct toepasbaar.", group="PLG")).replies == []
    # … but the form's text is addressed to it, for this question.
    done = await answer(bot, "anna", "Direct toepasbaar.", asked.typed_answer.token, "PLG")
    assert "Je toelichting bij Formatief evalueren in de praktijk is bewaard." in done.private_text
    assert "Direct toepasbaar" not in done.here_text  # the group sees only the acknowledgement


async def test_a_form_for_another_question_is_told_it_expired(bot: Driver) -> None:
    old = question(await bot.say("anna", f"/beoordeel {COURSE} 4"))
    pick = await bot.say("anna", "/profiel bewerken")  # the review's question set aside
    (school,) = [c.key for r in pick.replies for c in r.choices if c.label == "school"]
    await bot.send(bot.incoming("anna", choice=school))
    assert old.typed_answer is not None
    late = await answer(bot, "anna", "De Linde", old.typed_answer.token, None)
    assert "verlopen" in late.text
    assert "De Linde" not in (await bot.say("anna", "/profiel")).text


async def test_a_forms_text_is_never_a_command(bot: Driver) -> None:
    await bot.say("anna", "/profiel bewerken")
    asked = question(await bot.press("anna", "bio"))
    assert asked.typed_answer is not None
    done = await answer(bot, "anna", "/hulp is wat ik graag bied", asked.typed_answer.token, None)
    assert "Help" not in done.text
    assert "/hulp is wat ik graag bied" in (await bot.say("anna", "/profiel")).text


async def test_confirmations_take_no_typed_answer(bot: Driver) -> None:
    said = await bot.say("anna", "/log 1u intervisie over feedback")
    assert all(r.typed_answer is None for r in said.replies)
    confirm = await bot.say("anna", "/verwijder 1")
    assert confirm.replies[-1].choices and confirm.replies[-1].typed_answer is None


async def test_a_draft_asked_again_still_takes_a_typed_answer(bot: Driver) -> None:
    question(await bot.say("anna", f"/beoordeel {COURSE} 4"))
    await bot.say("anna", "/activiteiten")  # the open question becomes a draft
    resumed = await bot.press("anna", "Nu afmaken")
    again = question(resumed)
    assert again.typed_answer is not None
    done = await answer(bot, "anna", "Heel nuttig.", again.typed_answer.token, None)
    assert "is bewaard" in done.text


def test_the_marker_survives_the_outbox() -> None:
    message = Outgoing(
        Text((Span("Vraag?"),)), typed_answer=TypedAnswer("ab12cd34", "✏️ Type answer", "en")
    )
    assert wire.load(wire.dump(message)).typed_answer == message.typed_answer
    assert (
        wire.load(wire.dump(dataclasses.replace(message, typed_answer=None))).typed_answer is None
    )
