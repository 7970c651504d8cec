"""Recognising the kind of activity from keywords: "intervisie", "lesson study", "webinar"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.chat.parsing.normalise import fold
from bot.domain.activities import ActivityKind

K = ActivityKind

# Keywords per kind, folded. Words joined by a space or hyphen also match when written
# together or with a hyphen ("lesson study", "lessonstudy", "lesson-study").
_WORD_KEYWORDS: dict[ActivityKind, tuple[str, ...]] = {
    K.DEGREE: (
        "master", "masters", "bachelor", "bevoegdheid", "pabo", "accredited programme",
        "accredited program", "degree", "degree programme",
    ),
    K.COURSE: ("nascholing", "nascholingen", "bijscholing", "course", "courses"),
    K.TRAINING: ("training", "trainings"),
    K.WORKSHOP: ("workshop", "workshops"),
    K.CONFERENCE: ("conference", "conferences", "symposia"),
    K.STUDY_DAY: ("study day", "study days", "inset day", "inset days", "pd day", "pd days",
                  "inservice day", "teacher training day"),
    K.WEBINAR: ("webinar", "webinars"),
    K.PLG: (
        "plg", "plgs", "professionele leergemeenschap", "leerteam", "leerteams",
        "professional learning community", "plc", "plcs", "kenniskring", "kenniskringen",
    ),
    K.LESSON_STUDY: ("lesson study",),
    K.INTERVISION: ("intervision",),
    K.PEER_OBSERVATION: (
        "collegiale consultatie", "meekijken", "peer observation", "lesson observation",
        "observed a colleague", "observed a colleagues lesson", "observed a colleague's lesson",
        "observing a colleague", "learning walk",
    ),
    K.COACHING: ("coaching", "mentoring", "begeleiding", "gecoacht", "coach", "mentor"),
    K.NETWORK: ("netwerk", "netwerken", "vakgroep overleg", "network meeting", "networking"),
    K.RESEARCH: ("research", "action research"),
    K.READING: (
        "lezen", "gelezen", "boek", "boeken", "artikel", "artikelen", "hoofdstuk",
        "hoofdstukken", "read", "reading", "book", "books", "article", "articles", "chapter",
        "chapters",
    ),
    K.SELF_STUDY: (
        "zelfstudie", "online cursus", "online cursussen", "online course", "online courses",
        "self study", "e learning",
    ),
}  # fmt: skip

# Dutch keywords that also count inside compounds ("rekencursus", "trainingsdag",
# "lerarenopleiding", "intervisiebijeenkomst"). Long and distinctive enough not to hide
# inside unrelated words.
_COMPOUND_KEYWORDS: dict[ActivityKind, tuple[str, ...]] = {
    K.DEGREE: ("opleiding", "lerarenopleiding"),
    K.COURSE: ("cursus", "nascholing", "bijscholing"),
    K.TRAINING: ("training",),
    K.WORKSHOP: ("workshop",),
    K.CONFERENCE: ("congres", "conferentie", "symposium"),
    K.STUDY_DAY: ("studiedag", "studiemiddag", "studieochtend"),
    K.WEBINAR: ("webinar",),
    K.LESSON_STUDY: ("lessonstudy",),
    K.INTERVISION: ("intervisie",),
    K.COACHING: ("coachingsgesprek", "coachgesprek", "begeleidingsgesprek"),
    K.PEER_OBSERVATION: ("lesbezoek",),
    K.NETWORK: ("netwerkbijeenkomst", "vakgroepoverleg"),
    K.RESEARCH: ("onderzoek", "praktijkonderzoek"),
    K.READING: ("vakliteratuur",),
    K.SELF_STUDY: ("zelfstudie",),
}


def _key(keyword: str) -> str:
    return re.sub(r"[\s\-_]+", "", keyword)


def _word_pattern(keyword: str) -> str:
    return r"[\s\-]*".join(re.escape(word) for word in re.split(r"[\s\-]+", keyword))


_KIND_OF: dict[str, ActivityKind] = {
    _key(keyword): kind
    for table in (_WORD_KEYWORDS, _COMPOUND_KEYWORDS)
    for kind, keywords in table.items()
    for keyword in keywords
}


def _alternation(table: dict[ActivityKind, tuple[str, ...]]) -> str:
    keywords = sorted((kw for kws in table.values() for kw in kws), key=len, reverse=True)
    return "|".join(_word_pattern(keyword) for keyword in keywords)


_WORD_RE = re.compile(rf"(?<![\w#])(?:{_alternation(_WORD_KEYWORDS)})(?!\w)")
_COMPOUND_RE = re.compile(f"(?:{_alternation(_COMPOUND_KEYWORDS)})")
_HASHTAG_BEFORE = re.compile(r"#\w{0,40}$")

# What parse_kind accepts besides keywords: slugs and their spelled-out forms.
_NAMES: dict[str, ActivityKind] = {
    **{_key(kind.value): kind for kind in ActivityKind},
    **dict.fromkeys(("anders", "overig", "overige", "ietsanders", "somethingelse"), K.OTHER),
}


@dataclass(frozen=True)
class KindMatch:
    kind: ActivityKind
    span: tuple[int, int]


def _in_hashtag(folded: str, start: int) -> bool:
    return _HASHTAG_BEFORE.search(folded, max(0, start - 41), start) is not None


def kind_matches(folded: str) -> list[KindMatch]:
    """Every keyword in the folded text, by start; the longest first at the same start."""
    found: list[KindMatch] = []
    for match in _WORD_RE.finditer(folded):
        found.append(KindMatch(_KIND_OF[_key(match[0])], match.span()))
    for match in _COMPOUND_RE.finditer(folded):
        if not _in_hashtag(folded, match.start()):
            found.append(KindMatch(_KIND_OF[_key(match[0])], match.span()))
    found.sort(key=lambda item: (item.span[0], -item.span[1]))
    return found


# Typos ("webniar", "lesbzoek", "intervissie"): one word close enough to one keyword.
FUZZY_FLOOR = 85
_FUZZY_VOCABULARY = sorted(key for key in _KIND_OF if len(key) >= 6 and key.isalpha())
_FUZZY_WORD = re.compile(r"(?<![\w#])[a-z]{6,30}(?!\w)")


def fuzzy_kind(folded: str) -> ActivityKind | None:
    """The kind of the first word that is a near miss of a keyword (score >= FUZZY_FLOOR)."""
    for match in _FUZZY_WORD.finditer(folded):
        best = process.extractOne(
            match[0], _FUZZY_VOCABULARY, scorer=fuzz.ratio, score_cutoff=FUZZY_FLOOR
        )
        if best is not None:
            return _KIND_OF[best[0]]
    return None


def find_kind(folded: str) -> ActivityKind | None:
    """The kind of the first keyword in the folded text; a study day wins over anything."""
    found = kind_matches(folded)
    if not found:
        return fuzzy_kind(folded)
    if any(item.kind is K.STUDY_DAY for item in found):
        return K.STUDY_DAY
    return found[0].kind


def parse_kind(text: str) -> ActivityKind | None:
    """A kind from its slug ("lesson_study"), its name or any keyword ("intervisie")."""
    folded = fold(text).strip()
    name = _key(folded.strip(".!?,;:'\"()[]"))
    if name in _NAMES:
        return _NAMES[name]
    return find_kind(folded)
