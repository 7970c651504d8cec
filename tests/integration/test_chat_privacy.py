"""Privacy is a property of the router, so it is tested for every command in the registry:
whatever a member asks in a group, the group never sees their portfolio."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chat.messages import Destination
from bot.services.catalogue_import import import_catalogue
from storage import upgrade_schema
from tests.conftest import create_pg_database, drop_pg_database, run_isolated
from tests.support.driver import NOW, Driver

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "catalogus-voorbeeld.csv"

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


# --- nothing derived from private data reaches a group ----------------------------------

OTHERS = ("erin", "finn", "gina")


@pytest.fixture
def second_store_url(store_url: str, tmp_path: Path, request: pytest.FixtureRequest):
    """A second, empty store on the same backend as `store_url`."""
    if store_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'second.db'}"
        run_isolated(upgrade_schema(url))
        yield url
        return
    admin = request.getfixturevalue("pg_admin_url")
    url = create_pg_database(admin, prefix="core_scan")
    try:
        run_isolated(upgrade_schema(url))
        yield url
    finally:
        drop_pg_database(admin, url)


async def _group_view(url: str, similar: int) -> list[str]:
    """Everything a group sees while its moderator runs every command, in a world where
    `similar` of its other members privately logged something like a catalogue course."""
    driver = await Driver.open(url)
    try:
        result = await import_catalogue(driver.core.store, EXAMPLE.name, EXAMPLE.read_bytes(), NOW)
        assert result.added == 8
        for number, name in enumerate(OTHERS):
            await driver.say(name, "/hulp", group="kamer")  # they are in the group
            title = "workshop feedback die werkt" if number < similar else "intervisie"
            for _ in range(1 + number * similar):  # private data of varying size
                await driver.say(name, f"/log 1u {title}")
        seen: list[str] = []
        for text in _commands_with_arguments(driver):
            said = await driver.say("mo", text, group="kamer", moderator=True)
            seen += [f"{text} -> {reply.text.plain}" for reply in said.here]
        said = await driver.say("mo", "/reviewronde start feedback", group="kamer", moderator=True)
        seen += [f"round -> {reply.text.plain}" for reply in said.here]
        return seen
    finally:
        await driver.close()


async def test_no_group_message_depends_on_private_data(
    store_url: str, second_store_url: str
) -> None:
    """Counts and names derived from members' private portfolios never reach a group: the
    group sees exactly the same whether one or all of its members logged something like
    the course a review round is about, and never another member's name."""
    few = await _group_view(store_url, similar=1)
    many = await _group_view(second_store_url, similar=3)
    assert few == many
    for line in few:
        for name in OTHERS:
            assert name.title() not in line, line
