"""Reading /delen's words and the moments of a work experience."""

from __future__ import annotations

from datetime import date

import pytest

from bot.chat.handlers.profile_editing import parse_moment
from bot.chat.handlers.sharing import ShareArgs, parse_share
from bot.chat.replies import UsageError
from bot.domain.activities import Visibility
from bot.domain.profiles import ProfileField

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015", ("2015", (2015, 0, 0))),
        ("augustus 2015", ("8-2015", (2015, 8, 0))),
        ("Aug 2015", ("8-2015", (2015, 8, 0))),
        ("8-2015", ("8-2015", (2015, 8, 0))),
        ("1-8-2015", ("1-8-2015", (2015, 8, 1))),
        ("1 september 2019", ("1-9-2019", (2019, 9, 1))),
        ("november 2026", ("11-2026", (2026, 11, 0))),
    ],
)
def test_moments_of_work_experience(text: str, expected: tuple[str, tuple[int, int, int]]) -> None:
    assert parse_moment(text, TODAY) == expected


@pytest.mark.parametrize(
    "text", ["2027", "december 2026", "1-1-2030", "1939", "13-2015", "morgen", "ooit", ""]
)
def test_not_a_moment_in_the_past(text: str) -> None:
    assert parse_moment(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ShareArgs()),
        (
            "deel mijn expertise en werkervaring met iedereen",
            ShareArgs((ProfileField.EXPERTISE, ProfileField.EXPERIENCE), Visibility.PUBLIC),
        ),
        ("activiteit 3 openbaar", ShareArgs(visibility=Visibility.PUBLIC, activities=(3,))),
        ("doel #2 community", ShareArgs(visibility=Visibility.COMMUNITY, goals=(2,))),
        ("doel 1 en 2 privé", ShareArgs(visibility=Visibility.PRIVATE, goals=(1, 2))),
        (
            "mijn doelen met de community",
            ShareArgs(visibility=Visibility.COMMUNITY, all_goals=True),
        ),
        ("activiteiten privé", ShareArgs(visibility=Visibility.PRIVATE, all_activities=True)),
        (
            "share my goals and activity 4 public",
            ShareArgs(visibility=Visibility.PUBLIC, activities=(4,), all_goals=True),
        ),
        (
            "expertise doel 1 openbaar",
            ShareArgs((ProfileField.EXPERTISE,), Visibility.PUBLIC, goals=(1,)),
        ),
    ],
)
def test_share_words(text: str, expected: ShareArgs) -> None:
    assert parse_share(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("doel openbaar", "share_items.number_missing"),
        ("doel community 3", "share_items.number_missing"),
        ("3 openbaar", "share_items.number_without_kind"),
        ("doelen", "share.usage"),
        ("doelen openbaar privé", "share.usage"),
        ("hobby openbaar", "profile.unknown_field"),
    ],
)
def test_share_words_not_understood(text: str, key: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_share(text, TODAY)
    assert raised.value.msg.key == key
