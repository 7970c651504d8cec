"""parse_kind: the kind of activity from a slug, a name or a keyword."""

import pytest
from hypothesis import given

from bot.chat.parsing import parse_kind
from bot.domain.activities import ActivityKind as K
from tests.unit.parsing.fuzzing import fuzz, messages

KEYWORDS = {
    K.DEGREE: ["opleiding", "master", "bachelor", "bevoegdheid", "lerarenopleiding", "pabo",
               "accredited programme", "accredited program", "degree"],
    K.COURSE: ["cursus", "nascholing", "bijscholing", "course"],
    K.TRAINING: ["training", "trainingsdag"],
    K.WORKSHOP: ["workshop"],
    K.CONFERENCE: ["congres", "conferentie", "symposium", "conference"],
    K.STUDY_DAY: ["studiedag", "study day"],
    K.WEBINAR: ["webinar", "webinars"],
    K.PLG: ["plg", "professionele leergemeenschap", "leerteam", "professional learning community"],
    K.LESSON_STUDY: ["lesson study", "lessonstudy"],
    K.INTERVISION: ["intervisie", "intervision"],
    K.PEER_OBSERVATION: ["collegiale consultatie", "lesbezoek", "meekijken", "peer observation",
                         "lesson observation"],
    K.COACHING: ["coaching", "mentoring", "begeleiding", "gecoacht", "coach", "mentor"],
    K.NETWORK: ["netwerk", "netwerkbijeenkomst", "vakgroep-overleg", "vakgroepoverleg",
                "network meeting", "networking"],
    K.RESEARCH: ["praktijkonderzoek", "onderzoek", "research", "action research"],
    K.READING: ["vakliteratuur", "lezen", "gelezen", "boek", "artikel", "hoofdstuk", "read",
                "reading", "book", "article", "chapter"],
    K.SELF_STUDY: ["zelfstudie", "online cursus", "self-study", "self study"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("keyword", "kind"), [(kw, kind) for kind, kws in KEYWORDS.items() for kw in kws]
)
def test_every_keyword_names_its_kind(keyword: str, kind: K) -> None:
    assert parse_kind(keyword) is kind
    assert parse_kind(f"Vandaag een {keyword.upper()} gedaan") is kind


@pytest.mark.parametrize("kind", list(K))
def test_every_slug_names_its_kind(kind: K) -> None:
    assert parse_kind(kind.value) is kind
    assert parse_kind(f" {kind.value.upper()} ") is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("lesson study", K.LESSON_STUDY),
        ("Lesson-Study", K.LESSON_STUDY),
        ("peer observation", K.PEER_OBSERVATION),
        ("study day", K.STUDY_DAY),
        ("anders", K.OTHER),
        ("other", K.OTHER),
    ],
)
def test_names_written_out(text: str, kind: K) -> None:
    assert parse_kind(text) is kind


class TestWhichKindWins:
    def test_the_kind_named_first_wins(self) -> None:
        assert parse_kind("webinar over coaching") is K.WEBINAR
        assert parse_kind("coaching tijdens een webinar") is K.COACHING

    def test_a_study_day_wins_over_everything(self) -> None:
        assert parse_kind("workshop op de studiedag") is K.STUDY_DAY

    def test_the_longer_keyword_wins(self) -> None:
        assert parse_kind("online cursus in eigen tijd") is K.SELF_STUDY
        assert parse_kind("cursus") is K.COURSE
        assert parse_kind("action research in groep 5") is K.RESEARCH


class TestWordBoundaries:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("rekencursus", K.COURSE),
            ("EHBO-cursus", K.COURSE),
            ("intervisiebijeenkomst", K.INTERVISION),
            ("trainingen", K.TRAINING),
            ("congresdag", K.CONFERENCE),
            ("intervisie!", K.INTERVISION),
        ],
    )
    def test_dutch_compounds(self, text: str, kind: K) -> None:
        assert parse_kind(text) is kind

    @pytest.mark.parametrize(
        "text", ["bread", "already", "masterclass?", "coachable", "bookings", "", "boodschappen"]
    )
    def test_english_keywords_only_match_whole_words(self, text: str) -> None:
        assert parse_kind(text) is None

    def test_a_hashtag_is_not_a_keyword(self) -> None:
        assert parse_kind("#onderzoek") is None
        assert parse_kind("#praktijkonderzoek") is None


@fuzz
@given(text=messages)
def test_never_raises(text: str) -> None:
    assert parse_kind(text) is None or isinstance(parse_kind(text), K)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("webniar formatief evalueren", "webinar"),
        ("lesbzoek bij Anna", "peer_observation"),
        ("intervissie sectie", "intervision"),
        ("PLC rekenen", "plg"),
        ("inset day", "study_day"),
        ("PD day", "study_day"),
        ("studiemiddag", "study_day"),
        ("kenniskring", "plg"),
        ("leerteam", "plg"),
        ("coachingsgesprek", "coaching"),
        ("observed a colleague's lesson", "peer_observation"),
    ],
)
def test_school_words_and_typos(text: str, kind: str) -> None:
    found = parse_kind(text)
    assert found is not None and found.value == kind


@pytest.mark.parametrize(
    "text", ["formatief evalueren", "leerlingen", "vergadering", "ouderavond"]
)
def test_ordinary_words_are_no_near_miss(text: str) -> None:
    assert parse_kind(text) is None
