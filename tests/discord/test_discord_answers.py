"""Typed answers in a server channel: nothing typed there reaches the bot (no message-content
intent), so a question that takes a typed answer gets a "✏️ Antwoord typen" button that
opens a form; the form's text answers the question as if it had been typed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.catalogue import Review
from bot.services.ports import UnitOfWork
from tests.contract.discord_driver import DiscordDriver
from tests.fakes.discord_messages import Interaction, SentMessage

TYPE_ANSWER = "✏️ Antwoord typen"
COURSE = "Formatief evalueren in de praktijk"


@pytest.fixture
async def driver(tmp_path: Path, store_url: str) -> AsyncIterator[DiscordDriver]:
    made = await DiscordDriver.open(tmp_path / "portfolio.sqlite3", store_url)
    yield made
    await made.close()


async def in_guild(driver: DiscordDriver, user: str) -> None:
    guild = await driver.guild("PLG")
    driver.api.join(guild, driver.user(user))


def last_question(driver: DiscordDriver, user: str) -> SentMessage:
    """The newest message `user` sees in PLG's channel (their ephemeral answers)."""
    who = driver.user(user)
    channel = driver.api.text_channel(driver._guilds["PLG"])
    return driver.api.seen_by(who, channel)[-1]


async def open_form(driver: DiscordDriver, user: str, question: SentMessage) -> Interaction:
    (custom_id,) = [cid for label, cid, _ in question.buttons if label == TYPE_ANSWER]
    assert custom_id is not None
    shown = await driver.api.answered(
        await driver.api.press(driver.user(user), question, custom_id)
    )
    await driver._settle()
    return shown


async def submit(driver: DiscordDriver, user: str, shown: Interaction, text: str) -> Interaction:
    done = await driver.api.submit_modal(driver.user(user), shown, {"text": text})
    await driver._settle()
    return done


async def my_review(driver: DiscordDriver, user: str) -> Review | None:
    user_id = str(driver.user(user).id)

    def read(uow: UnitOfWork) -> Review | None:
        member = uow.members.by_identity("discord", user_id)
        assert member is not None
        (offering_id,) = [oid for oid, title in uow.catalogue.titles() if title == COURSE]
        return uow.reviews.mine(offering_id, member.id)

    return await driver.core.store.run(read)


async def test_a_review_text_is_typed_in_a_form_in_a_server_channel(
    driver: DiscordDriver,
) -> None:
    await in_guild(driver, "Anna")
    await driver.send("Anna", f"/beoordeel {COURSE} 4", group="PLG")
    question = last_question(driver, "Anna")
    assert question.ephemeral and "Wil je er iets bij schrijven?" in question.text
    assert [label for label, _, _ in question.buttons] == [
        "anoniem maken",
        "zo laten",
        TYPE_ANSWER,
    ]
    shown = await open_form(driver, "Anna", question)
    assert shown.response_type == 9  # the form is the first response to the press
    assert shown.modal is not None and shown.modal["title"] == "Je antwoord"
    done = await submit(driver, "Anna", shown, "Direct toepasbaar in mijn lessen.")
    assert done.original is not None and done.original.ephemeral
    assert f"✓ Je toelichting bij {COURSE} is bewaard." in driver.private("Anna")[-1].text
    review = await my_review(driver, "Anna")
    assert review is not None and (review.rating, review.text) == (
        4,
        "Direct toepasbaar in mijn lessen.",
    )
    assert driver.group("PLG") == []  # the channel sees nothing of it


async def test_a_form_for_a_question_no_longer_open_says_it_expired(
    driver: DiscordDriver,
) -> None:
    await in_guild(driver, "Anna")
    await driver.send("Anna", f"/beoordeel {COURSE} 4", group="PLG")
    shown = await open_form(driver, "Anna", last_question(driver, "Anna"))
    await driver.send("Anna", "/annuleer", group="PLG")  # the question is dropped
    done = await submit(driver, "Anna", shown, "Alsnog een toelichting.")
    assert done.original is not None and done.original.ephemeral
    assert "verlopen" in done.original.text  # the core's expiry note, no failure
    review = await my_review(driver, "Anna")
    assert review is not None and review.text == ""  # stars only, as before
    assert driver.group("PLG") == []


async def test_a_form_answers_only_its_own_question(driver: DiscordDriver) -> None:
    """An old form's text never answers a newer question (never silently wrong)."""
    await in_guild(driver, "Anna")
    await driver.send("Anna", f"/beoordeel {COURSE} 4", group="PLG")
    old = await open_form(driver, "Anna", last_question(driver, "Anna"))
    await driver.send("Anna", "/profiel bewerken", group="PLG")
    await driver.press("Anna", "school")
    done = await submit(driver, "Anna", old, "De Linde")
    assert done.original is not None and "verlopen" in done.original.text
    await driver.send("Anna", "/profiel", group="PLG")
    assert "De Linde" not in driver.private("Anna")[-1].text


async def test_guided_profile_editing_in_a_server_channel(driver: DiscordDriver) -> None:
    await in_guild(driver, "Anna")
    await driver.send("Anna", "/profiel bewerken", group="PLG")
    pick = last_question(driver, "Anna")
    assert TYPE_ANSWER not in [label for label, _, _ in pick.buttons]  # buttons say it all
    await driver.press("Anna", "school")
    question = last_question(driver, "Anna")
    assert "Wat moet er bij school?" in question.text
    shown = await open_form(driver, "Anna", question)
    assert shown.response_type == 9
    await submit(driver, "Anna", shown, "De Linde")
    visibility = last_question(driver, "Anna")
    assert "Wie mag je school zien?" in visibility.text
    assert TYPE_ANSWER not in [label for label, _, _ in visibility.buttons]
    await driver.press("Anna", "openbaar")
    await driver.send("Anna", "/profiel", group="PLG")
    assert "school: De Linde — openbaar" in driver.private("Anna")[-1].text
    # Work experience, step by step: every step's text in a form.
    await driver.send("Anna", "/profiel bewerken", group="PLG")
    await driver.press("Anna", "werkervaring")
    for text in ("Docent Engels", "De Linde", "2015", "2020"):
        form = await open_form(driver, "Anna", last_question(driver, "Anna"))
        await submit(driver, "Anna", form, text)
    assert "Wie mag je werkervaring zien?" in last_question(driver, "Anna").text
    await driver.press("Anna", "community")
    await driver.send("Anna", "/profiel", group="PLG")
    shown_profile = driver.private("Anna")[-1].text
    assert "Docent Engels" in shown_profile and "2015" in shown_profile
    assert driver.group("PLG") == []


async def test_in_the_bots_dm_a_question_has_no_form_button(driver: DiscordDriver) -> None:
    """Typing in the DM reaches the bot: the question is answered by typing there."""
    await driver.send("Anna", f"/beoordeel {COURSE} 4")
    question = driver.private("Anna")[-1]
    assert "Wil je er iets bij schrijven?" in question.text
    assert TYPE_ANSWER not in question.buttons
    await driver.send("Anna", "Direct toepasbaar.")
    review = await my_review(driver, "Anna")
    assert review is not None and review.text == "Direct toepasbaar."


async def test_the_button_and_its_form_speak_the_members_language(driver: DiscordDriver) -> None:
    await driver.send("Anna", "/taal en")
    await in_guild(driver, "Anna")
    await driver.send("Anna", f"/beoordeel {COURSE} 5", group="PLG")
    question = last_question(driver, "Anna")
    labels = [label for label, _, _ in question.buttons]
    assert labels[-1] == "✏️ Type answer" and TYPE_ANSWER not in labels
    (custom_id,) = [cid for label, cid, _ in question.buttons if label == "✏️ Type answer"]
    assert custom_id is not None
    anna = driver.user("Anna")
    shown = await driver.api.answered(await driver.api.press(anna, question, custom_id))
    await driver._settle()
    assert shown.modal is not None and shown.modal["title"] == "Your answer"
    await submit(driver, "Anna", shown, "Very practical.")
    review = await my_review(driver, "Anna")
    assert review is not None and review.text == "Very practical."
