"""Filters for /activiteiten besides a period and a kind: a learning form ("formeel",
"informal") and a competence area ("#pedagogisch")."""

from __future__ import annotations

import re

from bot.chat.parsing.areas import area_matches
from bot.chat.parsing.normalise import fold
from bot.domain.activities import CompetenceArea, LearningForm

_FORM = re.compile(
    r"(?<!\w)(?P<w>non[-\s]?forme?e?l|non[-\s]?formal|informee?l|informal|formee?l|formal)(?!\w)",
    re.IGNORECASE,
)


def form_and_area(text: str) -> tuple[LearningForm | None, CompetenceArea | None, str]:
    """ "formeel", "informal", "#pedagogisch" taken out of a filter text."""
    form = None
    if match := _FORM.search(text):
        word = match["w"].lower()
        form = (
            LearningForm.NON_FORMAL
            if word.startswith("non")
            else LearningForm.INFORMAL
            if word.startswith("inf")
            else LearningForm.FORMAL
        )
        text = (text[: match.start()] + text[match.end() :]).strip()
    area = None
    found = [a for a in area_matches(fold(text)) if a.is_hashtag]
    if found:
        area = found[0].area
        start, end = found[0].span
        text = (text[:start] + text[end:]).strip()
    return form, area, text
