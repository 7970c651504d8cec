"""The visibility matrix (issue 12): for every profile field and item kind (goal,
activity), each visibility (privé, community, openbaar) and each asker (the owner, a
member of the owner's group, a member of another group, a stranger), what `/profiel
@naam`, `/zoek`, `/doelen`, `/activiteiten` and replies in a group show. Through the
router, on SQLite and PostgreSQL.

olga owns the data and is in group "kamer"; pim is in "kamer" too, quinn in "andere",
rosa in no group at all. Each case gives one field or item a marker word nobody else
has, so seeing it (or finding olga by it) can only come from that field or item."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from bot.domain.activities import Visibility
from bot.domain.profiles import SEARCH_WEIGHTS, ProfileField, Relation, can_see

if TYPE_CHECKING:
    from tests.support.driver import Driver

OWNER = "olga"
# asker -> (relation to olga, their group: None for the stranger)
ASKERS = {
    "olga": (Relation.OWNER, "kamer"),
    "pim": (Relation.COMMUNITY, "kamer"),
    "quinn": (Relation.STRANGER, "andere"),  # in a group, but not in olga's
    "rosa": (Relation.STRANGER, None),
}
WORDS = {
    Visibility.PRIVATE: None,
    Visibility.COMMUNITY: "community",
    Visibility.PUBLIC: "openbaar",
}

# field -> (what olga types after /profiel, the marker others may see)
FIELDS = {
    ProfileField.SCHOOL: ("school Kievitschool", "Kievitschool"),
    ProfileField.REGION: ("regio Kwartelland", "Kwartelland"),
    ProfileField.SECTOR: ("sector mbo", "sector: mbo"),
    ProfileField.SUBJECTS: ("vakken sterrenkunde", "sterrenkunde"),
    ProfileField.EXPERIENCE: ("werkervaring Walvisdocent bij De Wadden", "Walvisdocent"),
    ProfileField.EXPERTISE: ("expertise kraanvogeldidactiek", "kraanvogeldidactiek"),
    ProfileField.TAGS: ("tags #pimpelmees", "pimpelmees"),
    ProfileField.BIO: ("bio Houdt van zeeflonkering", "zeeflonkering"),
}
FIELD_WORDS = {
    ProfileField.SCHOOL: "school",
    ProfileField.REGION: "regio",
    ProfileField.SECTOR: "sector",
    ProfileField.SUBJECTS: "vakken",
    ProfileField.EXPERIENCE: "werkervaring",
    ProfileField.EXPERTISE: "expertise",
    ProfileField.TAGS: "tags",
    ProfileField.BIO: "bio",
}
# item kind -> (what olga types, the marker)
ITEMS = {
    "goal": ("/doel Grutto-observaties in de klas", "Grutto"),
    "activity": ("/log 1u Tureluur-intervisie", "Tureluur"),
}
VISIBILITIES = list(WORDS)


def ranking(text: str) -> list[str]:
    return [n.lower() for n in re.findall(r"^\d+\. (\w+) — ", text, flags=re.MULTILINE)]


async def _groups(bot: Driver) -> None:
    for who, (_, group) in ASKERS.items():
        await bot.say(who, "/hulp", group=group)  # the bot learns who is in which group


def _in(marker: str, text: str) -> bool:
    return marker.lower() in text.lower()


@pytest.mark.parametrize("visibility", VISIBILITIES, ids=lambda v: v.value)
@pytest.mark.parametrize("field", list(FIELDS), ids=lambda f: f.value)
async def test_profile_field(bot: Driver, field: ProfileField, visibility: Visibility) -> None:
    typed, marker = FIELDS[field]
    await _groups(bot)
    await bot.say(OWNER, f"/profiel {typed}")
    if WORDS[visibility]:
        await bot.say(OWNER, f"/delen {FIELD_WORDS[field]} {WORDS[visibility]}")
    searchable = field in SEARCH_WEIGHTS
    query = marker.removeprefix("sector: ")
    group_replies: dict[str, list[str]] = {}
    for asker, (relation, group) in ASKERS.items():
        visible = can_see(visibility, relation)
        seen = (await bot.say(asker, f"/profiel @{OWNER}")).text
        assert _in(marker, seen) == visible, (asker, seen)
        found = ranking((await bot.say(asker, f"/zoek {query}")).text)
        # The owner never finds themselves; others find olga only by what they may see.
        expected = [OWNER] if searchable and visible and relation is not Relation.OWNER else []
        assert found == expected, (asker, found)
        if group is not None:
            replies = [
                (await bot.say(asker, text, group=group)).here_text
                for text in (f"/profiel @{OWNER}", f"/zoek {query}")
            ]
            for reply in replies:
                assert not _in(marker, reply) and not _in(query, reply), (asker, reply)
            group_replies[asker] = replies
    # What a group sees does not depend on what olga shares: the same acknowledgement.
    assert group_replies == await _group_replies_when_nothing_is_shared(bot, query)


async def _group_replies_when_nothing_is_shared(bot: Driver, query: str) -> dict[str, list[str]]:
    await bot.say(OWNER, "/delen alles privé")
    await bot.say(OWNER, "/hulp", group="kamer")
    return {
        asker: [
            (await bot.say(asker, text, group=group)).here_text
            for text in (f"/profiel @{OWNER}", f"/zoek {query}")
        ]
        for asker, (_, group) in ASKERS.items()
        if group is not None
    }


@pytest.mark.parametrize("visibility", VISIBILITIES, ids=lambda v: v.value)
@pytest.mark.parametrize("kind", list(ITEMS))
async def test_goal_and_activity(bot: Driver, kind: str, visibility: Visibility) -> None:
    typed, marker = ITEMS[kind]
    await _groups(bot)
    word = WORDS[visibility]
    said = await bot.say(OWNER, f"{typed} #{word}" if word else typed)
    assert _in(marker, said.text)
    group_texts: dict[str, list[str]] = {}
    for asker, (relation, group) in ASKERS.items():
        visible = can_see(visibility, relation)
        owner = relation is Relation.OWNER
        found = ranking((await bot.say(asker, f"/zoek {marker}")).text)
        assert found == ([OWNER] if visible and not owner else []), (asker, found)
        # Listings are one's own: another member's goals and activities never appear.
        goals = (await bot.say(asker, "/doelen")).text
        assert _in(marker, goals) == (owner and kind == "goal"), (asker, goals)
        activities = (await bot.say(asker, "/activiteiten")).text
        assert _in(marker, activities) == (owner and kind == "activity"), (asker, activities)
        if not owner and visibility is Visibility.PRIVATE:
            assert not _in(marker, (await bot.say(asker, f"/profiel @{OWNER}")).text)
        if group is not None:
            texts = [
                (await bot.say(asker, text, group=group)).here_text
                for text in (f"/zoek {marker}", "/doelen", "/activiteiten", f"/profiel @{OWNER}")
            ]
            for text in texts:
                assert not _in(marker, text), (asker, text)
            group_texts[asker] = texts
    # A group sees the same whatever the visibility (no count, no hint): what it sees
    # when members with nothing at all ask the same in the same groups.
    assert set(group_texts) == {"olga", "pim", "quinn"}
    baseline: dict[str, list[str]] = {}
    for asker, (_, group) in ASKERS.items():
        if group is not None:
            await bot.say(f"{asker}2", "/hulp", group=group)
            baseline[asker] = [
                (await bot.say(f"{asker}2", text, group=group)).here_text
                for text in (f"/zoek {marker}", "/doelen", "/activiteiten", f"/profiel @{OWNER}")
            ]
    assert group_texts == baseline
