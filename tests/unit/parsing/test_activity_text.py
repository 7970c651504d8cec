"""parse_activity_text: one line about an activity, read into its parts."""

from datetime import date

import pytest
from hypothesis import given

from bot.chat.parsing import ParsedActivity, parse_activity_text
from bot.domain.activities import ActivityKind as K
from bot.domain.activities import CompetenceArea as A
from tests.unit.parsing.fuzzing import TODAY, fuzz, messages, todays

# TODAY is Wednesday 18 November 2026.


def parse(text: str) -> ParsedActivity:
    return parse_activity_text(text, TODAY)


class TestExamples:
    def test_hours_kind_and_yesterday(self) -> None:
        assert parse("2u lesson study rekenen gisteren") == ParsedActivity(
            date=date(2026, 11, 17),
            minutes=120,
            kind=K.LESSON_STUDY,
            kind_found=True,
            competence_areas=(),
            title="Lesson study rekenen",
            evidence=None,
            goal_number=None,
            future_date=False,
        )

    def test_last_weeks_tuesday_with_a_hashtag(self) -> None:
        parsed = parse("vorige week dinsdag 1,5 uur intervisie met sectie Nederlands #pedagogisch")
        assert parsed.date == date(2026, 11, 10)
        assert parsed.minutes == 90
        assert parsed.kind is K.INTERVISION
        assert parsed.competence_areas == (A.PEDAGOGY,)
        assert parsed.title == "Intervisie met sectie Nederlands"

    def test_no_date_means_none(self) -> None:
        parsed = parse("webinar formatief evalueren 90 min")
        assert (parsed.kind, parsed.minutes, parsed.date) == (K.WEBINAR, 90, None)
        assert parsed.title == "Webinar formatief evalueren"

    def test_english_with_commas(self) -> None:
        parsed = parse("read chapter 3 of Hattie, 45 minutes, yesterday")
        assert parsed.kind is K.READING
        assert parsed.minutes == 45
        assert parsed.date == date(2026, 11, 17)
        assert parsed.title == "Read chapter 3 of Hattie"


class TestDurationsInSentences:
    def test_a_study_day_lasts_a_day_unless_told_otherwise(self) -> None:
        assert parse("studiedag ICT").minutes == 480
        assert parse("studiedag ICT").kind is K.STUDY_DAY
        assert parse("halve studiedag").minutes == 240
        assert parse("studiedag, 3 uur").minutes == 180

    @pytest.mark.parametrize(
        "text", ["hoofdstuk 3 gelezen", "groep 8 lesbezoek", "workshop 2", "1,5"]
    )
    def test_bare_numbers_are_not_durations(self, text: str) -> None:
        assert parse(text).minutes is None

    def test_numbers_stay_in_the_title(self) -> None:
        assert parse("groep 8 lesbezoek 45 min").title == "Groep 8 lesbezoek"


class TestDates:
    def test_a_date_in_the_future_is_flagged(self) -> None:
        parsed = parse("congres 12-12-2026")
        assert parsed.date == date(2026, 12, 12)
        assert parsed.future_date is True

    def test_a_year_less_date_is_in_the_past(self) -> None:
        parsed = parse("congres 12-12")
        assert parsed.date == date(2025, 12, 12)
        assert parsed.future_date is False

    def test_a_date_inside_the_url_is_not_the_date(self) -> None:
        parsed = parse("artikel https://example.org/2026-01-05/feedback")
        assert parsed.date is None
        assert parsed.evidence == "https://example.org/2026-01-05/feedback"


class TestKinds:
    def test_nothing_matched_is_other(self) -> None:
        parsed = parse("gesprek met Anne 30 min")
        assert (parsed.kind, parsed.kind_found) == (K.OTHER, False)
        assert parsed.title == "Gesprek met Anne"

    def test_a_research_hashtag_is_an_area_not_a_kind(self) -> None:
        parsed = parse("data verzameld #onderzoek")
        assert parsed.kind_found is False
        assert parsed.competence_areas == (A.RESEARCH,)

    def test_plain_onderzoek_is_the_kind_not_an_area(self) -> None:
        parsed = parse("onderzoek naar feedback")
        assert parsed.kind is K.RESEARCH
        assert parsed.competence_areas == ()


class TestEvidenceAndGoals:
    def test_the_first_url_is_the_evidence(self) -> None:
        parsed = parse("webinar https://a.nl/x, zie ook https://b.nl/y.")
        assert parsed.evidence == "https://a.nl/x"
        assert parsed.title == "Webinar, zie ook https://b.nl/y"  # a final full stop goes

    def test_trailing_punctuation_is_not_part_of_the_url(self) -> None:
        assert parse("(zie https://nl.wikipedia.org/wiki/Lesson_study).").evidence == (
            "https://nl.wikipedia.org/wiki/Lesson_study"
        )
        assert parse("https://en.wikipedia.org/wiki/Python_(taal)").evidence == (
            "https://en.wikipedia.org/wiki/Python_(taal)"
        )

    @pytest.mark.parametrize("ref", ["doel 2", "doel #2", "goal 2", "goal #2", "Doel 2"])
    def test_a_goal_reference(self, ref: str) -> None:
        parsed = parse(f"workshop feedback {ref} 1u")
        assert parsed.goal_number == 2
        assert parsed.title == "Workshop feedback"

    def test_for_goal_is_removed_as_a_whole(self) -> None:
        assert parse("workshop voor doel 3 over feedback").title == "Workshop over feedback"

    def test_doel_without_a_number_is_just_a_word(self) -> None:
        parsed = parse("het doel van de workshop")
        assert parsed.goal_number is None
        assert parsed.title == "Het doel van de workshop"


class TestTitleCleaning:
    @pytest.mark.parametrize(
        ("text", "title"),
        [
            ("workshop op 3 maart over ICT", "Workshop over ICT"),
            ("intervisie met, gisteren", "Intervisie"),
            ("op dinsdag: training, 2u;", "Training"),
            ("workshop van 2 uur", "Workshop"),
            ("cursus -- 2u -- ", "Cursus"),
            ("training (2u) over toetsen", "Training over toetsen"),
            ("  veel    spaties\t\tin\nde tekst  ", "Veel spaties in de tekst"),
            ("lezen\x00\x07 over\x1b feedback", "Lezen over feedback"),
            ("😀 workshop 👩‍🏫 gisteren", "😀 workshop 👩‍🏫"),
            ("webinar #onbekend #pedagogisch", "Webinar #onbekend"),
            ("ééN workshop", "ÉéN workshop"),
            ("gisteren 2u", ""),
            ("", ""),
            ("workshop om 15:00 uur", "Workshop om 15:00 uur"),
            ("'; DROP TABLE activities;--", "'; DROP TABLE activities"),
        ],
    )
    def test_titles(self, text: str, title: str) -> None:
        assert parse(text).title == title

    def test_connectors_inside_the_title_stay(self) -> None:
        assert parse("1u overleg met de sectie over toetsen").title == (
            "Overleg met de sectie over toetsen"
        )

    def test_rtl_text_is_kept(self) -> None:
        assert parse("ورشة عمل 2u").title == "ورشة عمل"


class TestProperties:
    @fuzz
    @given(text=messages, today=todays)
    def test_never_raises_and_the_result_is_consistent(self, text: str, today: date) -> None:
        parsed = parse_activity_text(text, today)
        assert parsed.minutes is None or parsed.minutes > 0
        assert parsed.kind_found or parsed.kind is K.OTHER
        assert len(set(parsed.competence_areas)) == len(parsed.competence_areas)
        assert parsed.future_date == (parsed.date is not None and parsed.date > today)
        assert parsed.title == parsed.title.strip()
        assert not any(char < " " for char in parsed.title)
        assert parsed.evidence is None or parsed.evidence in text
        assert parsed.goal_number is None or parsed.goal_number > 0


class TestTrickyCombinations:
    def test_a_time_range_is_a_duration_not_a_date(self) -> None:
        parsed = parse("8:30-10:00 training")
        assert (parsed.date, parsed.minutes, parsed.title) == (None, 90, "Training")

    def test_a_colleague_called_jan_is_not_january(self) -> None:
        parsed = parse("coaching met Jan 12")
        assert parsed.date is None
        assert parsed.title == "Coaching met Jan 12"

    def test_a_goal_reference_at_the_end_leaves_no_dangling_word(self) -> None:
        parsed = parse("2u gesprek met mentor over doel 1")
        assert (parsed.goal_number, parsed.title) == (1, "Gesprek met mentor")

    def test_everything_at_once(self) -> None:
        parsed = parse("Workshop 'Feedback' (2u) - gisteren - #vakdidactisch https://x.nl")
        assert parsed == ParsedActivity(
            date=date(2026, 11, 17),
            minutes=120,
            kind=K.WORKSHOP,
            kind_found=True,
            competence_areas=(A.DIDACTICS,),
            title="Workshop 'Feedback'",
            evidence="https://x.nl",
            goal_number=None,
            future_date=False,
        )
