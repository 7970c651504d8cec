"""find_competence_areas: hashtags and plain words naming a competence area."""

import pytest
from hypothesis import given

from bot.chat.parsing import find_competence_areas
from bot.domain.activities import CompetenceArea as A
from tests.unit.parsing.fuzzing import fuzz, messages


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("#vakinhoudelijk", A.SUBJECT_MATTER),
        ("vakinhoudelijk", A.SUBJECT_MATTER),
        ("#subjectmatter", A.SUBJECT_MATTER),
        ("subject matter", A.SUBJECT_MATTER),
        ("#vakdidactisch", A.DIDACTICS),
        ("#didactiek", A.DIDACTICS),
        ("vakdidactisch", A.DIDACTICS),
        ("vakdidactische", A.DIDACTICS),
        ("#didactics", A.DIDACTICS),
        ("#pedagogisch", A.PEDAGOGY),
        ("#pedagogiek", A.PEDAGOGY),
        ("pedagogisch", A.PEDAGOGY),
        ("#pedagogy", A.PEDAGOGY),
        ("#samenwerken", A.COLLABORATION),
        ("#samenwerking", A.COLLABORATION),
        ("#collaboration", A.COLLABORATION),
        ("#organisatie", A.ORGANISATION),
        ("#beleid", A.ORGANISATION),
        ("#organisation", A.ORGANISATION),
        ("#organization", A.ORGANISATION),
        ("#onderzoek", A.RESEARCH),
        ("#research", A.RESEARCH),
        ("#leiderschap", A.LEADERSHIP),
        ("#leadership", A.LEADERSHIP),
        ("#zelf", A.SELF),
        ("#werkenaanjezelf", A.SELF),
        ("werken aan jezelf", A.SELF),
        ("#self", A.SELF),
        ("#Pedagogisch", A.PEDAGOGY),
        ("#PÉDAGOGISCH", A.PEDAGOGY),
    ],
)
def test_each_spelling_names_its_area(text: str, area: A) -> None:
    assert find_competence_areas(text) == (area,)
    assert find_competence_areas(f"intervisie {text}, fijn") == (area,)


def test_areas_come_in_order_of_appearance_without_duplicates() -> None:
    text = "#zelf #pedagogisch pedagogisch #vakdidactisch #zelf"
    assert find_competence_areas(text) == (A.SELF, A.PEDAGOGY, A.DIDACTICS)


@pytest.mark.parametrize(
    "text",
    ["onderzoek", "research", "zelf", "beleid", "#onbekend", "#pedagogischer", "a#zelf", "", "#"],
)
def test_words_that_are_not_areas(text: str) -> None:
    assert find_competence_areas(text) == ()


@fuzz
@given(text=messages)
def test_never_raises_and_has_no_duplicates(text: str) -> None:
    areas = find_competence_areas(text)
    assert len(set(areas)) == len(areas)
    assert all(isinstance(area, A) for area in areas)
