"""Dutch term expansion: the one linguistic pipeline every store shares."""

from __future__ import annotations

import pytest

from bot.domain.search_text import (
    edit_distance,
    fold,
    index_terms,
    query_concepts,
    split_compound,
)


def test_diacritics_fold() -> None:
    assert fold("Coöperatief Één") == "cooperatief een"
    assert index_terms("coöperatief") == index_terms("cooperatief")


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("curriculumontwikkeling", ("curriculum", "ontwikkeling")),
        ("maatschappijvakken", ("maatschappij", "vakken")),
        ("taalbeleid", ("taal", "beleid")),
        ("rekenonderwijs", ("reken", "onderwijs")),
        ("lesson", ()),
        ("geschiedenis", ()),
    ],
)
def test_compounds_split_into_known_parts_only(word: str, parts: tuple[str, ...]) -> None:
    assert split_compound(word) == parts


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("toets", "toetsen"),
        ("vak", "vakken"),
        ("ontwikkeling", "ontwikkelingen"),
        ("les", "lessen"),
    ],
)
def test_singular_and_plural_share_a_term(one: str, other: str) -> None:
    assert set(index_terms(one)) & set(index_terms(other))


def test_a_compound_is_found_by_its_parts_but_counts_less() -> None:
    terms = index_terms("curriculumontwikkeling")
    own = index_terms("ontwikkeling")
    (shared,) = set(terms) & set(own)
    assert terms[shared] < own[shared]


def test_verb_stem_heads_stand_for_the_verb() -> None:
    assert set(index_terms("rekenen")) <= set(index_terms("rekenonderwijs"))


def test_question_words_become_concepts_without_stopwords() -> None:
    words = [c.word for c in query_concepts("wie weet iets van curriculumontwikkeling")]
    assert words == ["curriculumontwikkeling", "curriculum", "ontwikkeling"]
    assert query_concepts("de het een van") == []


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("formeer", "fromeer", 1, 1),  # a swap counts once
        ("differentiatie", "diferentiatie", 2, 1),
        ("kat", "hond", 1, 2),  # more than the limit: limit + 1
        ("abc", "abc", 0, 0),
    ],
)
def test_edit_distance(a: str, b: str, limit: int, expected: int) -> None:
    assert edit_distance(a, b, limit) == expected
