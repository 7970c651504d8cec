"""Privacy is a property of the router, so it is tested for every command in the registry:
whatever a member asks in a group, the group never sees their portfolio."""

from __future__ import annotations

import pytest

from bot.chat.messages import Destination
from tests.support.driver import Driver

SECRET_TITLE = "Geheimtitel Zwaluw"
SECRET_REFLECTION = "Geheimreflectie Merel"
SECRET_GOAL = "Geheimdoel Specht"


@pytest.fixture
async def alice(store_url: str):
    driver = await Driver.open(store_url)
    await driver.say("alice", f"/doel {SECRET_GOAL} voor 1 juni")
    await driver.say("alice", f"/log 2u intervisie {SECRET_TITLE} gisteren doel 1")
    await driver.say("alice", f"/reflectie {SECRET_REFLECTION}")
    yield driver
    await driver.close()


def _commands_with_arguments(driver: Driver) -> list[str]:
    """Every command: bare, with its documented example, and with arguments that touch
    alice's existing items."""
    texts = []
    translator = driver.core.translator
    for spec in driver.core.registry.specs:
        for language in ("nl", "en"):
            texts.append("/" + spec.name(language))
            texts.append(translator.text(language, spec.example_key))
    texts += ["/reflectie 1", "/verwijder 1", "/bewerk 1 3 uur", "/doel koppel 1 1", "/hulp log"]
    texts += ["/activiteiten doel 1", "/doelen", "/ongedaan"]
    return texts


async def test_no_command_shows_personal_data_in_a_group(alice: Driver) -> None:
    for text in _commands_with_arguments(alice):
        said = await alice.say("alice", text, group="lerarenkamer")
        assert said.replies, f"{text!r} got no reply at all"
        for reply in said.here:
            for secret in (SECRET_TITLE, SECRET_REFLECTION, SECRET_GOAL):
                assert secret not in reply.text.plain, (text, reply.text.plain)
            assert reply.attachment is None, text
            # Anything shown in the group is an acknowledgement or carries no choices that
            # would act on someone's portfolio.
            assert reply.is_ack or not reply.choices, text
        if said.private:
            assert sum(r.is_ack for r in said.here) == 1, text


async def test_personal_answers_arrive_in_the_private_chat(alice: Driver) -> None:
    said = await alice.say("alice", "/activiteiten", group="lerarenkamer")
    assert [r.destination for r in said.replies] == [Destination.HERE, Destination.PRIVATE]
    assert SECRET_TITLE in said.private_text
    said = await alice.say("alice", "/doelen", group="lerarenkamer")
    assert SECRET_GOAL in said.private_text


async def test_a_question_from_a_group_is_asked_privately(alice: Driver) -> None:
    said = await alice.say("alice", "/log webinar over feedback", group="lerarenkamer")
    assert said.here[0].is_ack and not said.here[0].choices
    assert said.private[0].choices
    done = await alice.press("alice", "1 uur")
    assert "Webinar over feedback" in done.text


async def test_others_cannot_answer_alices_question(alice: Driver) -> None:
    await alice.say("alice", "/verwijder 1")
    key = alice.last_choices["alice"][0][0]
    said = await alice.send(alice.incoming("bob", choice=key))
    assert "verlopen" in said.text
    assert SECRET_TITLE in (await alice.say("alice", "/activiteiten")).text


async def test_group_chatter_is_ignored(alice: Driver) -> None:
    said = await alice.say("alice", "Wie heeft er koffie gezet?", group="lerarenkamer")
    assert said.replies == []
