"""The catalogue's parsers: review arguments, round durations, import rows and files.
Any input gives a result or a readable rejection, never another exception."""

from __future__ import annotations

import contextlib
import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.handlers.reviews import parse_review
from bot.chat.handlers.rounds import split_duration
from bot.chat.replies import UsageError
from bot.domain.catalogue import (
    ROUND_DEFAULT_SECONDS,
    Distribution,
    Level,
    ProviderKind,
    bayesian,
)
from bot.services.catalogue import fold
from bot.services.catalogue_import import (
    ImportFileError,
    ImportResult,
    Rejected,
    parse_file,
    parse_row,
)

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "name", "rating", "rest", "anonymous"),
    [
        ("coachend lesgeven 4 Praktisch.", "coachend lesgeven", 4, "Praktisch.", False),
        ("Rekenen 3F 5 sterren top", "Rekenen 3F", 5, "top", False),
        ("feedback 2/5", "feedback", 2, "", False),
        ('"Module 2 rekenen" 4 goed', "Module 2 rekenen", 4, "goed", False),
        ("#anoniem taal 3 matig", "taal", 3, "matig", True),
        ("lesson study", "lesson study", None, "", False),
        ('"Lesson study"', "Lesson study", None, "", False),
    ],
)
def test_review_arguments(text: str, name: str, rating: int | None, rest: str, anonymous: bool):
    args = parse_review(text, TODAY)
    assert (args.name, args.rating, args.text, args.anonymous) == (name, rating, rest, anonymous)


@pytest.mark.parametrize("text", ["", "#anoniem", '"Rekenen" 9'])
def test_review_arguments_that_need_an_explanation(text: str) -> None:
    with pytest.raises(UsageError):
        parse_review(text, TODAY)


@given(st.text(max_size=300))
def test_review_arguments_never_crash(text: str) -> None:
    try:
        args = parse_review(text, TODAY)
    except UsageError:
        return
    assert args.rating is None or 1 <= args.rating <= 5


@pytest.mark.parametrize(
    ("text", "name", "seconds"),
    [
        ("coachend lesgeven", "coachend lesgeven", ROUND_DEFAULT_SECONDS),
        ("coachend lesgeven 3 dagen", "coachend lesgeven", 3 * 86400),
        ("taal 2 weken", "taal", 14 * 86400),
        ("taal 48 uur", "taal", 48 * 3600),
        ("taal 90 minuten", "taal", 5400),
        ("feedback 10 seconden", "feedback", 10),
        ("rekenen 3f 1 week", "rekenen 3f", 7 * 86400),
    ],
)
def test_round_durations(text: str, name: str, seconds: int) -> None:
    assert split_duration(text) == (name, seconds)


def test_a_round_longer_than_sixty_days_is_refused() -> None:
    with pytest.raises(UsageError):
        split_duration("taal 9 weken")


def test_fold_drops_case_accents_and_punctuation() -> None:
    assert fold("Coöperatief leren: groep 7/8!") == "cooperatief leren groep 7 8"


def test_bayesian_prior_keeps_one_review_below_many_good_ones() -> None:
    assert bayesian(0, 0) == 3.5
    assert round(bayesian(1, 5), 2) == 3.75
    assert round(bayesian(50, 225), 2) == 4.41
    assert Distribution((1, 0, 0, 0, 1)).mean == 3.0 and Distribution().mean is None


def test_a_row_is_read_with_dutch_values() -> None:
    offering = parse_row(
        {
            "ref": " A-1 ",
            "title": "Taal  in de klas",
            "provider": "Hogeschool",
            "provider_kind": "Lerarenopleiding",
            "topics": "taal|didactiek, taal",
            "hours": "4,5",
            "level": "po|VO",
            "url": "https://voorbeeld.nl",
        }
    )
    assert (offering.ref, offering.title, offering.provider_kind) == (
        "A-1",
        "Taal in de klas",
        ProviderKind.TEACHER_EDUCATION,
    )
    assert offering.topics == ("taal", "didactiek") and offering.hours == 4.5
    assert offering.levels == (Level.PO, Level.VO)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"title": ""}, "catalog_import.empty"),
        ({"provider_kind": "universiteit"}, "catalog_import.bad_kind"),
        ({"hours": "-1"}, "catalog_import.bad_hours"),
        ({"level": "hbo"}, "catalog_import.bad_level"),
        ({"url": "voorbeeld.nl"}, "catalog_import.bad_url"),
        ({"title": "x" * 301}, "catalog_import.too_long"),
        ({"title": "Caf\udce9"}, "catalog_import.bad_encoding"),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason(change: dict[str, str], reason: str) -> None:
    with pytest.raises(Rejected) as rejected:
        parse_row({"ref": "A", "title": "T", "provider": "P", **change})
    assert rejected.value.msg.key == reason


@given(
    st.dictionaries(
        st.sampled_from(
            ["ref", "title", "provider", "hours", "level", "url", "topics", "provider_kind"]
        ),
        st.text(),
    )
)
def test_rows_never_crash(row: dict[str, str]) -> None:
    with contextlib.suppress(Rejected):
        parse_row(row)


def test_comma_separated_with_quotes_and_crlf() -> None:
    data = b'ref,title,provider,topics\r\nA,"Taal, lezen",P,"taal,lezen"\r\n\r\nB,Rekenen,P,\r\n'
    result = ImportResult()
    good = parse_file("x.csv", data, result)
    assert [(line, o.title, o.topics) for line, o in good] == [
        (2, "Taal, lezen", ("taal", "lezen")),
        (4, "Rekenen", ()),
    ]
    assert result.rejected == []


def test_json_lists_and_objects() -> None:
    items = [{"ref": "A", "titel": "Taal", "aanbieder": "P", "niveau": ["po", "vo"]}, "x"]
    result = ImportResult()
    good = parse_file("c.json", json.dumps({"offerings": items}).encode(), result)
    assert [o.levels for _, o in good] == [(Level.PO, Level.VO)]
    assert [(line, r.key) for line, r in result.rejected] == [(2, "catalog_import.unreadable")]
    with pytest.raises(ImportFileError):
        parse_file("c.json", b"{nope", ImportResult())


@pytest.mark.parametrize("data", [b"", b"titel;aanbieder\nA;B\n", b"\xff\xfe\x00r\x00e\x00f"])
def test_files_that_cannot_be_imported_say_why(data: bytes) -> None:
    with pytest.raises(ImportFileError) as refused:
        parse_file("x.csv", data, ImportResult())
    assert refused.value.msg.key.startswith("catalog_import.")


def test_a_utf16_file_gets_advice_on_saving_it() -> None:
    data = "ref;titel;aanbieder\nA;Café;P\n".encode("utf-16")
    with pytest.raises(ImportFileError) as refused:
        parse_file("x.csv", data, ImportResult())
    assert refused.value.msg.key == "catalog_import.utf16"


@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_a_reason(data: bytes) -> None:
    result = ImportResult()
    try:
        good = parse_file("x.csv", b"ref;title;provider\n" + data, result)
    except ImportFileError:
        return
    lines = [line for line, _ in good] + [line for line, _ in result.rejected]
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize(
    ("text", "name", "rating", "rest"),
    [
        ("Coachend lesgeven vier sterren Praktisch", "Coachend lesgeven", 4, "Praktisch"),
        ("Coachend lesgeven **** Praktisch", "Coachend lesgeven", 4, "Praktisch"),
        ("Coachend lesgeven ⭐⭐⭐ ok", "Coachend lesgeven", 3, "ok"),
        ("Coachend lesgeven 4/5 Goed", "Coachend lesgeven", 4, "Goed"),
        ("Rekenen 3F four stars Good", "Rekenen 3F", 4, "Good"),
        ('"Rekenen 3F" 2 van de 5 matig', "Rekenen 3F", 2, "matig"),
    ],
)
def test_stars_in_words_and_symbols(text: str, name: str, rating: int, rest: str) -> None:
    args = parse_review(text, TODAY)
    assert (args.name, args.rating, args.text) == (name, rating, rest)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Coachend lesgeven 3,5 Goed", "stars.whole_only"),
        ("Coachend lesgeven 3½ sterren", "stars.whole_only"),
        ("Coachend lesgeven 6 sterren", "stars.out_of_range"),
    ],
)
def test_half_and_impossible_stars_get_a_clear_answer(text: str, key: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_review(text, TODAY)
    assert raised.value.msg.key == key
