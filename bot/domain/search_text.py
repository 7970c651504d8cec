"""Dutch search terms, expanded once in Python so every store ranks alike.

A text becomes *terms*: words folded (lower case, no diacritics), stemmed with Snowball's
Dutch stemmer, and compounds split into their known parts (``curriculumontwikkeling`` ->
``curriculum``, ``ontwikkeling``). The same expansion runs over profiles when they are
indexed and over a question when it is asked; the stores only look terms up."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

_WORD = re.compile(r"[a-z0-9]+")
MIN_WORD = 2
MAX_TERM = 48

# How much a match counts: the word itself, one of its parts, a near miss (typo).
# Whole numbers (tenths), so that scores are sums of integers and rank exactly alike on
# every store: no float rounding decides a tie.
EXACT = 10
PART = 6
NEAR = 7

_STOPWORDS = """
    de het een en of in op aan van voor met over bij om te tot uit als dat die dit
    er is zijn was wie wat weet iets iemand ik je jij we wij ze zij hij mijn mij me
    naar door ook nog maar dan want heeft hebben kan kun kunnen wil meer veel
    the a an and or of in on at for with about who knows what someone
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# Word parts that compounds in teachers' Dutch are made of. A compound is split only into
# parts found here, so ``lesson`` is never cut into ``les`` + ``son``.
_LEXICON = """
    curriculum ontwikkeling maatschappij vak vakken les lessen onderwijs school toets
    toetsing evaluatie evalueren leer leren leerling leerlingen docent docenten leraar
    leraren team coach coaching begeleiding taal reken rekenen lezen schrijven wiskunde
    natuur kunde geschiedenis aardrijkskunde economie biologie scheikunde natuurkunde
    muziek kunst beweging sport burgerschap wereld oriëntatie ouder ouders gesprek
    gesprekken klas klassen management leiding beleid kwaliteit zorg passend inclusie
    digitaal digitale geletterdheid media onderzoek praktijk project methode didactiek
    pedagogiek differentiatie feedback formatief werk werken plan planning ontwerp
    programma studie dag middag avond cursus training opleiding intervisie observatie
    lesbezoek bezoek mentor mentoraat loopbaan begeleider rooster vorming
    basis voortgezet beroeps hoger speciaal techniek technologie informatica engels
    frans duits nederlands spelling begrijpend groep groepen samen werking samenwerking
    betrokkenheid
"""
LEXICON = frozenset(_LEXICON.split())


def fold(text: str) -> str:
    """Lower case without diacritics: ``Coöperatief`` -> ``cooperatief``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("dutch")


@cache
def stems(word: str) -> tuple[str, ...]:
    """The word's stem, and the stem's stem when that differs: Snowball gives ``toetsen``
    ``toets`` but ``toets`` ``toet``; with both, singular and plural meet."""
    first = _stemmer().stemWord(word)[:MAX_TERM]
    second = _stemmer().stemWord(first)[:MAX_TERM]
    return (first,) if second == first else (first, second)


@cache
def _lexicon_stems() -> frozenset[str]:
    return frozenset(stem for word in LEXICON for stem in stems(fold(word)))


def _known(part: str) -> bool:
    return part in LEXICON or stems(part)[0] in _lexicon_stems()


@cache
def split_compound(word: str) -> tuple[str, ...]:
    """The known parts of a compound, longest head first; () when it is not one."""
    if len(word) < 7:
        return ()
    for cut in range(len(word) - 3, 2, -1):
        head, tail = word[:cut], word[cut:]
        heads = [head] + [head[: -len(link)] for link in ("s", "en", "e") if head.endswith(link)]
        head = next((h for h in heads if len(h) >= 3 and _known(h)), "")
        if not head:
            continue
        if _known(tail):
            return (head, tail)
        rest = split_compound(tail)
        if rest:
            return (head, *rest)
    return ()


def _part_stems(part: str) -> tuple[str, ...]:
    # A verb's stem as a head (``reken``onderwijs) also stands for the verb (``rekenen``).
    verb = part + "en"
    return stems(part) + (stems(verb) if verb in LEXICON else ())


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD and w not in STOPWORDS]


def word_terms(word: str) -> tuple[set[str], set[str]]:
    """(terms of the word itself, terms of its compound parts)."""
    whole = set(stems(word))
    parts = {stem for part in split_compound(word) for stem in _part_stems(part)} - whole
    return whole, parts


def index_terms(text: str) -> dict[str, int]:
    """Every term a text can be found by, with how much it counts: the parts of a compound
    count less than a word of their own (``ontwikkeling`` finds the member who wrote it
    before the one who wrote ``curriculumontwikkeling``)."""
    found: dict[str, int] = {}
    for word in words(text):
        whole, parts = word_terms(word)
        for term in parts:
            found[term] = max(found.get(term, 0), PART)
        found.update(dict.fromkeys(whole, EXACT))
    return found


@dataclass(frozen=True)
class Concept:
    """One word of a question and the terms that answer it, each with its quality."""

    word: str
    terms: dict[str, int]


def query_concepts(text: str) -> list[Concept]:
    concepts: list[Concept] = []
    for word in dict.fromkeys(words(text)):
        whole, parts = word_terms(word)
        terms = dict.fromkeys(whole, EXACT)
        if parts:
            # A compound question is answered by each of its parts too; each part is
            # also a concept of its own, so a member who has both ranks first.
            terms.update(dict.fromkeys(parts, PART))
        concepts.append(Concept(word, terms))
        for part in split_compound(word):
            concepts.append(Concept(part, dict.fromkeys(_part_stems(part), EXACT)))
    return concepts


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent swaps, or limit + 1 when it is more than limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def near(quality: int) -> int:
    """The quality of a near miss of a term of `quality`."""
    return quality * NEAR // EXACT


def typo_limit(term: str) -> int:
    """How many edits a term may be off by and still count: none for short words."""
    if len(term) < 4:
        return 0
    return 1 if len(term) < 8 else 2


def prefix(term: str) -> str:
    """The vocabulary bucket a term is looked up in for near misses."""
    return term[:2]
