"""parse_goal_text: a development goal with an optional target date."""

from datetime import date

import pytest
from hypothesis import given

from bot.chat.parsing import ParsedGoal, parse_goal_text
from bot.domain.activities import CompetenceArea as A
from tests.unit.parsing.fuzzing import TODAY, fuzz, messages, todays

# TODAY is Wednesday 18 November 2026.


def parse(text: str) -> ParsedGoal:
    return parse_goal_text(text, TODAY)


def test_the_example() -> None:
    assert parse("Formatief evalueren in mijn lessen voor 1 maart #vakdidactisch") == ParsedGoal(
        title="Formatief evalueren in mijn lessen",
        target_date=date(2027, 3, 1),
        competence_areas=(A.DIDACTICS,),
        past_target=False,
    )


@pytest.mark.parametrize(
    "marker",
    ["voor", "vóór", "tegen", "uiterlijk", "uiterlijk op", "deadline", "deadline:", "by",
     "before", "Voor"],
)  # fmt: skip
def test_target_markers(marker: str) -> None:
    parsed = parse(f"Feedback geven {marker} 1 maart")
    assert parsed.target_date == date(2027, 3, 1)
    assert parsed.title == "Feedback geven"


@pytest.mark.parametrize(
    "text",
    [
        "Leiderschap ontwikkelen eind van het schooljaar",
        "Leiderschap ontwikkelen voor het einde van het schooljaar",
        "Leiderschap ontwikkelen aan het eind van dit schooljaar",
        "Leiderschap ontwikkelen by the end of the school year",
        "Leiderschap ontwikkelen, end of the school year",
    ],
)
def test_end_of_the_school_year(text: str) -> None:
    parsed = parse(text)
    assert parsed.target_date == date(2027, 7, 31)
    assert parsed.title == "Leiderschap ontwikkelen"


def test_end_of_the_school_year_in_spring() -> None:
    parsed = parse_goal_text("Coachen eind van het schooljaar", date(2027, 3, 1))
    assert parsed.target_date == date(2027, 7, 31)


def test_end_of_a_month() -> None:
    assert parse("Rubrics maken eind januari").target_date == date(2027, 1, 31)
    assert parse("Rubrics maken voor eind november").target_date == date(2026, 11, 30)


def test_a_bare_date_at_the_end() -> None:
    parsed = parse("Meer leerlingfeedback 1 februari #pedagogisch")
    assert parsed.target_date == date(2027, 2, 1)
    assert parsed.title == "Meer leerlingfeedback"
    assert parsed.competence_areas == (A.PEDAGOGY,)


def test_a_weekday_target_is_the_next_one() -> None:
    assert parse("Rooster af voor vrijdag").target_date == date(2026, 11, 20)


def test_a_date_in_the_middle_without_marker_is_not_a_target() -> None:
    parsed = parse("Na 1 maart vaker lesbezoek doen")
    assert parsed.target_date is None
    assert parsed.title == "Na 1 maart vaker lesbezoek doen"


def test_voor_without_a_date_stays_in_the_title() -> None:
    parsed = parse("Meer tijd voor mijn klas")
    assert parsed.target_date is None
    assert parsed.title == "Meer tijd voor mijn klas"


def test_a_later_marker_with_a_date_is_found() -> None:
    parsed = parse("Materiaal voor groep 5 klaar voor 1 april")
    assert parsed.target_date == date(2027, 4, 1)
    assert parsed.title == "Materiaal voor groep 5 klaar"


def test_an_explicit_date_in_the_past_is_flagged() -> None:
    parsed = parse("Meer feedback geven voor 1-3-2025")
    assert parsed.target_date == date(2025, 3, 1)
    assert parsed.past_target is True


def test_no_target() -> None:
    assert parse("Beter differentiëren") == ParsedGoal(
        title="Beter differentiëren", target_date=None, competence_areas=(), past_target=False
    )


@fuzz
@given(text=messages, today=todays)
def test_never_raises_and_is_consistent(text: str, today: date) -> None:
    parsed = parse_goal_text(text, today)
    assert parsed.past_target == (parsed.target_date is not None and parsed.target_date < today)
    assert parsed.title == parsed.title.strip()
    assert len(set(parsed.competence_areas)) == len(parsed.competence_areas)
