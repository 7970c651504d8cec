"""Profiles through the whole core on SQLite and PostgreSQL: one field per message,
private unless shared, and others see only what was shared with them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.support.driver import Driver


async def test_fill_in_show_and_clear_fields(bot: Driver) -> None:
    said = await bot.say("alice", "/profiel school De Linde")
    assert "✓ school: De Linde (zichtbaar: privé" in said.text
    await bot.say("alice", "/profiel sector VO, mbo")
    await bot.say("alice", "/profiel expertise curriculumontwikkeling maatschappijvakken")
    await bot.say("alice", "/profiel tags #burgerschap, #Formatief")
    shown = (await bot.say("alice", "/profiel")).text
    assert "school: De Linde — privé" in shown
    assert "sector: vo, mbo — privé" in shown
    assert "tags: burgerschap, formatief — privé" in shown
    assert "✓ school is gewist" in (await bot.say("alice", "/profiel school leeg")).text
    assert "De Linde" not in (await bot.say("alice", "/profiel")).text
    assert "was al leeg" in (await bot.say("alice", "/profiel school leeg")).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/profiel hobby tuinieren", "ken ik niet als profielveld"),
        ("/profiel school", "Wat moet er bij school?"),
        ("/profiel sector basisschool", "Sector is po, vo, mbo of ho"),
        ("/profiel bio " + "x" * 1001, "te lang"),
        ("/delen expertise", "Zeg welke velden en voor wie"),
        ("/delen hobby openbaar", "ken ik niet als profielveld"),
        ("/zoek", "Waar zoek je iemand voor?"),
        ("/zoek de het een", "Daar kan ik niet op zoeken"),
    ],
)
async def test_bad_input_gets_a_helpful_answer(bot: Driver, text: str, expected: str) -> None:
    assert expected in (await bot.say("alice", text)).text


async def test_share_shows_and_changes_per_field_and_in_bulk(bot: Driver) -> None:
    overview = (await bot.say("alice", "/delen")).text
    assert "alleen jij: naam, school, regio" in overview
    said = await bot.say("alice", "/delen mijn expertise en werkervaring met iedereen")
    assert "✓ expertise, werkervaring: nu openbaar" in said.text
    await bot.say("alice", "/delen vakken community")
    overview = (await bot.say("alice", "/delen")).text
    assert "leden van je groepen: vakken" in overview
    assert "iedereen die de bot gebruikt: werkervaring, expertise" in overview
    await bot.say("alice", "/delen alles privé")
    assert "openbaar" not in (await bot.say("alice", "/delen")).text.split("Aanpassen")[0]
    said = await bot.say("bob", "/share all public")
    assert "now public" not in said.text  # bob writes English commands, his language is nl
    assert "nu openbaar" in said.text


async def _alice_with_profile(bot: Driver) -> None:
    await bot.say("alice", "/profiel school De Linde")
    await bot.say("alice", "/profiel vakken aardrijkskunde")
    await bot.say("alice", "/profiel expertise lesson study")
    await bot.say("alice", "/profiel bio Geheimbio Merel")
    await bot.say("alice", "/delen school openbaar")
    await bot.say("alice", "/delen vakken community")


async def test_others_see_only_what_was_shared_with_them(bot: Driver) -> None:
    await _alice_with_profile(bot)
    # bob and alice share a group the bot knows of; carol shares none with alice.
    await bot.say("alice", "/hulp", group="lerarenkamer")
    await bot.say("bob", "/hulp", group="lerarenkamer")
    bob_sees = (await bot.say("bob", "/profiel @alice")).text
    assert "school: De Linde" in bob_sees and "vakken: aardrijkskunde" in bob_sees
    assert "lesson study" not in bob_sees and "Geheimbio" not in bob_sees
    carol_sees = (await bot.say("carol", "/profiel @Alice")).text
    assert "school: De Linde" in carol_sees
    assert "aardrijkskunde" not in carol_sees and "lesson study" not in carol_sees
    own = (await bot.say("alice", "/profiel @alice")).text
    assert "Geheimbio Merel" in own


async def test_sharing_nothing_looks_like_being_unknown(bot: Driver) -> None:
    await bot.say("dora", "/profiel expertise Geheim onderwerp")
    await bot.say("bob", "/hulp")
    about_dora = (await bot.say("bob", "/profiel @dora")).text
    about_nobody = (await bot.say("bob", "/profiel @zzyzx")).text
    assert about_dora.replace("dora", "X") == about_nobody.replace("zzyzx", "X")
    assert "Geheim" not in about_dora


async def test_profile_answers_in_a_group_stay_private(bot: Driver) -> None:
    await _alice_with_profile(bot)
    for text in ("/profiel", "/delen", "/profiel @alice", "/zoek lesson study", "/profiel bio x"):
        said = await bot.say("alice", text, group="lerarenkamer")
        assert "Geheimbio" not in said.here_text and "De Linde" not in said.here_text
        assert "aardrijkskunde" not in said.here_text, text
