"""Profile and search stories, written once, run against every adapter's driver (console,
Telegram, Discord, Matrix): what members see of each other's profiles, and where.

Alice shares her expertise with her groups and keeps her bio private; Bob shares a group
with her and finds her; Carol is in another group and finds nothing of hers. Asked in a
group, the answers go to the asker alone: the group sees an acknowledgement (a reaction
on Telegram and Matrix, nothing at all on Discord, where the answer is ephemeral)."""

from __future__ import annotations

import re

from tests.contract.drivers import EPHEMERAL_PRIVACY, REACTS, ChatDriver, Seen

EXPERTISE = "curriculumontwikkeling maatschappijvakken"
SECRET_BIO = "Geheimbio Kievit"
SENT = "✓ Ik heb je een privébericht gestuurd."  # an answer is waiting in the private chat
NOTED = "✓ Genoteerd — de details staan in je privéchat."  # a change was made


def texts(messages: list[Seen]) -> str:
    return "\n".join(message.text for message in messages)


def ranking(text: str) -> list[str]:
    return [n.lower() for n in re.findall(r"^\d+\. (\w+) — ", text, flags=re.MULTILINE)]


def assert_only_acknowledged(
    driver: ChatDriver, group: str, before: int, acknowledgements: list[str]
) -> None:
    """What the group saw since its first `before` messages: per command asked there, an
    acknowledgement as text, or nothing (a reaction; an ephemeral answer)."""
    seen = driver.group(group)[before:]
    if REACTS in driver.capabilities or EPHEMERAL_PRIVACY in driver.capabilities:
        assert seen == [], seen
    else:
        assert [message.text for message in seen] == acknowledgements


async def _alice_shares_with_her_group(driver: ChatDriver) -> None:
    for who in ("Alice", "Bob", "Carol"):
        await driver.send(who, "/start")  # each has a private chat with the bot
    await driver.send("Alice", f"/profiel expertise {EXPERTISE}")
    await driver.send("Alice", f"/profiel bio {SECRET_BIO}")
    assert "zichtbaar: privé" in driver.private("Alice")[-1].text
    await driver.send("Alice", "/delen expertise community", group="Lerarenkamer")
    assert_only_acknowledged(driver, "Lerarenkamer", 0, [NOTED])
    assert "✓ expertise: nu community" in driver.private("Alice")[-1].text


async def test_a_member_of_the_same_group_finds_shared_expertise(driver: ChatDriver) -> None:
    await _alice_shares_with_her_group(driver)
    before = len(driver.group("Lerarenkamer"))
    await driver.send("Bob", "/zoek curriculum maatschappijvak", group="Lerarenkamer")
    assert_only_acknowledged(driver, "Lerarenkamer", before, [SENT])
    answer = driver.private("Bob")[-1].text
    assert ranking(answer) == ["alice"], answer
    assert "curriculum" not in texts(driver.group("Lerarenkamer"))
    await driver.send("Bob", "/profiel @Alice")
    profile = driver.private("Bob")[-1].text
    assert f"expertise: {EXPERTISE}" in profile
    assert SECRET_BIO not in profile


async def test_another_group_sees_nothing_shared_with_the_community_only(
    driver: ChatDriver,
) -> None:
    await _alice_shares_with_her_group(driver)
    await driver.send("Carol", "/zoek curriculum", group="Sectie Engels")
    assert_only_acknowledged(driver, "Sectie Engels", 0, [SENT])
    answer = driver.private("Carol")[-1].text
    assert "Niemand deelt iets over „curriculum” met je" in answer
    await driver.send("Carol", "/profiel @Alice")
    profile = driver.private("Carol")[-1].text
    assert EXPERTISE not in profile and SECRET_BIO not in profile
    assert "niemand met die naam die iets met je deelt" in profile


async def test_profile_asked_in_a_group_is_answered_privately(driver: ChatDriver) -> None:
    await _alice_shares_with_her_group(driver)
    before = len(driver.group("Lerarenkamer"))
    await driver.send("Bob", "/profiel @Alice", group="Lerarenkamer")
    await driver.send("Alice", "/profiel", group="Lerarenkamer")
    assert_only_acknowledged(driver, "Lerarenkamer", before, [SENT, SENT])
    group = texts(driver.group("Lerarenkamer"))
    assert EXPERTISE not in group and SECRET_BIO not in group
    assert f"expertise: {EXPERTISE}" in driver.private("Bob")[-1].text
    assert SECRET_BIO not in driver.private("Bob")[-1].text
    assert SECRET_BIO in driver.private("Alice")[-1].text  # her own, in her private chat
