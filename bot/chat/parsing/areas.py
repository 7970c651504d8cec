"""Competence areas (bekwaamheidsgebieden) from hashtags and a few plain words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.chat.parsing.normalise import fold
from bot.domain.activities import CompetenceArea

A = CompetenceArea

_HASHTAGS: dict[str, CompetenceArea] = {
    **dict.fromkeys(("vakinhoudelijk", "vakinhoud", "subjectmatter"), A.SUBJECT_MATTER),
    **dict.fromkeys(
        ("vakdidactisch", "vakdidactiek", "didactiek", "didactisch", "didactics"), A.DIDACTICS
    ),
    **dict.fromkeys(("pedagogisch", "pedagogiek", "pedagogy"), A.PEDAGOGY),
    **dict.fromkeys(("samenwerken", "samenwerking", "collaboration"), A.COLLABORATION),
    **dict.fromkeys(("organisatie", "beleid", "organisation", "organization"), A.ORGANISATION),
    **dict.fromkeys(("onderzoek", "research"), A.RESEARCH),
    **dict.fromkeys(("leiderschap", "leadership"), A.LEADERSHIP),
    **dict.fromkeys(("zelf", "werkenaanjezelf", "self"), A.SELF),
}

# Plain words that name an area; they stay in the title. ("onderzoek" is not one of them:
# written plainly it names the kind of activity, not the area.)
_PLAIN = re.compile(
    r"(?<![\w#])(?:(?P<subject>vakinhoudelijke?|subject[\s-]+matter)"
    r"|(?P<didactics>vakdidactische?)|(?P<pedagogy>pedagogische?)"
    r"|(?P<self>werken\s+aan\s+(?:jezelf|je\s+zelf)))(?!\w)"
)
_PLAIN_AREAS = {
    "subject": A.SUBJECT_MATTER,
    "didactics": A.DIDACTICS,
    "pedagogy": A.PEDAGOGY,
    "self": A.SELF,
}
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")


@dataclass(frozen=True)
class AreaMatch:
    area: CompetenceArea
    span: tuple[int, int]
    is_hashtag: bool


def area_matches(folded: str) -> list[AreaMatch]:
    """Every recognised hashtag and plain area word in the folded text, by position."""
    found: list[AreaMatch] = []
    for match in _HASHTAG.finditer(folded):
        area = _HASHTAGS.get(match[1].replace("_", ""))
        if area is not None:
            found.append(AreaMatch(area, match.span(), is_hashtag=True))
    for match in _PLAIN.finditer(folded):
        group = match.lastgroup
        if group is not None:
            found.append(AreaMatch(_PLAIN_AREAS[group], match.span(), is_hashtag=False))
    found.sort(key=lambda item: item.span)
    return found


def unique_areas(matches: list[AreaMatch]) -> tuple[CompetenceArea, ...]:
    return tuple(dict.fromkeys(match.area for match in matches))


def find_competence_areas(text: str) -> tuple[CompetenceArea, ...]:
    """The areas named in `text`, without duplicates, in order of appearance."""
    return unique_areas(area_matches(fold(text)))
