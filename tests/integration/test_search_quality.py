"""Expertise search on a Dutch fixture set, the same ranking on SQLite and PostgreSQL:
compounds, plurals, diacritics and typos; only what is shared with the asker is found,
and the asker never finds themselves."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.support.driver import Driver

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

PEOPLE = {
    "anna": ("curriculumontwikkeling maatschappijvakken", "geschiedenis, aardrijkskunde"),
    "bram": ("formatief evalueren en feedback", "wiskunde"),
    "cees": ("lesson study rekenen", "rekenen"),
    "dirk": ("coöperatief leren", "Nederlands"),
    "eva": ("ontwikkeling van toetsen", "economie"),
    "fleur": ("digitale geletterdheid", "informatica"),
    "gijs": ("taalbeleid en begrijpend lezen", "Nederlands"),
    "hanna": ("differentiatie in de klas", "biologie"),
    "lotte": ("ouderbetrokkenheid", "Nederlands"),
}

# (question, who comes first, who else must be found, in order after the first)
FIXTURES = [
    ("wie weet iets van curriculumontwikkeling maatschappijvakken", "anna", ()),
    ("curriculum", "anna", ()),
    ("ontwikkeling", "eva", ("anna",)),  # the word itself before a compound's part
    ("maatschappijvak", "anna", ()),
    ("formatief evalueren", "bram", ()),
    ("lesson study rekenen", "cees", ()),
    ("cooperatief leren", "dirk", ()),  # without the diaeresis
    ("toets", "eva", ()),  # singular finds the plural
    ("begrijpend lezen", "gijs", ()),
    ("taal", "gijs", ()),  # a compound's part
    ("diferentiatie", "hanna", ()),  # a typo
    ("digitale geletterdhied", "fleur", ()),  # a swap
    ("lesbezoek", "ivo", ()),  # a shared goal, plural there
    ("rekenonderwijs", "cees", ()),  # a compound question, found by its parts
    ("ouders", "lotte", ()),  # a compound's part, plural in the question
]


@pytest.fixture
async def colleagues(store_url: str) -> AsyncIterator[Driver]:
    driver = await Driver.open(store_url)
    for name, (expertise, subjects) in PEOPLE.items():
        await driver.say(name, f"/profiel expertise {expertise}")
        await driver.say(name, f"/profiel vakken {subjects}")
        await driver.say(name, "/delen expertise vakken openbaar")
    await driver.say("ivo", "/doel Lesbezoeken bij collega's organiseren #openbaar")
    await driver.say("ivo", "/doel Geheimdoel formatief rekenen")  # private: not found
    await driver.say("joris", "/profiel expertise formatief evalueren")  # private
    await driver.say("kim", "/profiel expertise formatief evalueren")
    await driver.say("kim", "/delen expertise community")
    yield driver
    await driver.close()


def ranking(text: str) -> list[str]:
    return [n.lower() for n in re.findall(r"^\d+\. (\w+) — ", text, flags=re.MULTILINE)]


async def test_dutch_fixture_set(colleagues: Driver) -> None:
    for question, first, after in FIXTURES:
        found = ranking((await colleagues.say("zoe", f"/zoek {question}")).text)
        assert found[:1] == [first], (question, found)
        assert found[1 : 1 + len(after)] == list(after), (question, found)


async def test_only_what_is_shared_with_the_asker_is_found(colleagues: Driver) -> None:
    stranger = ranking((await colleagues.say("zoe", "/zoek formatief evalueren")).text)
    assert stranger == ["bram"]  # joris keeps it private, kim shares with her groups only
    await colleagues.say("kim", "/hulp", group="lerarenkamer")
    await colleagues.say("zoe", "/hulp", group="lerarenkamer")
    peer = ranking((await colleagues.say("zoe", "/zoek formatief evalueren")).text)
    assert sorted(peer) == ["bram", "kim"]
    said = await colleagues.say("zoe", "/zoek geheimdoel")
    assert ranking(said.text) == [] and "Niemand deelt iets" in said.text


async def test_the_asker_never_finds_themselves(colleagues: Driver) -> None:
    found = ranking((await colleagues.say("anna", "/zoek curriculumontwikkeling")).text)
    assert "anna" not in found


async def test_unsharing_takes_a_member_out_of_the_results(colleagues: Driver) -> None:
    await colleagues.say("bram", "/delen alles privé")
    assert ranking((await colleagues.say("zoe", "/zoek formatief")).text) == []


async def test_a_common_word_ranks_by_weight_then_newest_member(store_url: str) -> None:
    """More members share the word than search reads from the top of its rows (16): the
    ranking is still the one over every row. Equal scores: the newest member first."""
    driver = await Driver.open(store_url)
    try:
        for n in range(1, 13):  # p1 … p12: expertise (weighs 30)
            await driver.say(f"p{n}", "/profiel expertise samen leren")
            await driver.say(f"p{n}", "/delen expertise openbaar")
        for n in range(13, 21):  # p13 … p20: a shared goal (weighs 15 per word)
            await driver.say(f"p{n}", "/doel Leren van collega's #openbaar")
        newest_experts = [f"p{n}" for n in range(12, 2, -1)]
        assert ranking((await driver.say("zoe", "/zoek leren")).text) == newest_experts
        # Goal: 15 for "leren" + 15 for "collega" = the expert's 30 for "leren" alone.
        tied = [f"p{n}" for n in range(20, 10, -1)]
        assert ranking((await driver.say("zoe", "/zoek leren collega")).text) == tied
    finally:
        await driver.close()
