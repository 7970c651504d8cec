"""Finding offerings by name: an in-memory fuzzy index of titles, refreshed on change.

The index is one per process (held by the router) and checks the store's catalogue version
(highest id and newest change) on every lookup, so an import by another process is seen at the
next lookup. rapidfuzz's WRatio over accent-folded titles handles typos, word order and
accents; 50,000 titles are searched in a few milliseconds."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.catalogue import Offering, Provider
    from bot.services.ports import UnitOfWork

_NOT_WORD = re.compile(r"[^a-z0-9]+")
MIN_SCORE = 60.0
SURE_SCORE = 90.0
# A best match this far ahead of the next one is taken without asking.
SURE_MARGIN = 6.0
SMALL_CATALOGUE = 5000  # up to this many titles, every one is scored
CANDIDATES = 400
WORD_VARIANTS = 8
WORD_SCORE = 75.0


def fold(text: str) -> str:
    """Lower case, accents and punctuation dropped: "Coöperatief leren!" -> "cooperatief leren"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", bare).strip()


@dataclass(frozen=True)
class Lookup:
    """What a name matched: exactly one offering, several candidates, or nothing."""

    found: Offering | None
    candidates: tuple[Offering, ...] = ()


def _pick(scored: list[tuple[int, float]], query: str, titles: dict[int, str]) -> list[int]:
    """The ids to show: one when the name is clear, else the plausible candidates."""
    if not scored:
        return []
    exact = [i for i, _ in scored if titles.get(i) == query]
    if len(exact) == 1:
        return exact
    containing = [i for i, _ in scored if query in titles.get(i, "")]
    if len(containing) == 1:
        return containing
    best = scored[0][1]
    runner_up = scored[1][1] if len(scored) > 1 else 0.0
    if best >= SURE_SCORE and best - runner_up >= SURE_MARGIN:
        return [scored[0][0]]
    return [i for i, score in scored if score >= best - 15]


class TitleIndex:
    """Titles folded, and which titles hold each word. A search first finds the titles
    sharing (fuzzily) a word with the query, then scores only those with WRatio: scoring
    all 50,000 titles with WRatio takes 100+ ms, the candidates a few."""

    def __init__(self) -> None:
        self._version: tuple[int, datetime | None] | None = None
        self._ids: list[int] = []
        self._folded: list[str] = []
        self._postings: dict[str, list[int]] = {}
        self._vocabulary: list[str] = []

    def refresh(self, uow: UnitOfWork) -> None:
        version = uow.catalogue.version()
        if version == self._version:
            return
        pairs = uow.catalogue.titles()
        ids, folded = [i for i, _ in pairs], [fold(title) for _, title in pairs]
        postings: dict[str, list[int]] = {}
        for index, title in enumerate(folded):
            for word in set(title.split()):
                postings.setdefault(word, []).append(index)
        self._ids, self._folded, self._postings = ids, folded, postings
        self._vocabulary = list(postings)
        self._version = version

    def _candidates(self, folded: str) -> list[int]:
        """Indexes of titles sharing the most query words (allowing typos in each)."""
        if len(self._folded) <= SMALL_CATALOGUE:
            return list(range(len(self._folded)))
        hits: Counter[int] = Counter()
        for word in set(folded.split()):
            similar = process.extract(
                word,
                self._vocabulary,
                scorer=fuzz.ratio,
                processor=None,
                limit=WORD_VARIANTS,
                score_cutoff=WORD_SCORE if len(word) > 3 else 100,
            )
            matched: set[int] = set()
            for variant, _, _ in similar:
                matched.update(self._postings[variant])
            hits.update(matched)
        return [index for index, _ in hits.most_common(CANDIDATES)]

    def search(self, uow: UnitOfWork, query: str, limit: int = 6) -> list[tuple[int, float]]:
        """(offering id, score 0-100), best first."""
        self.refresh(uow)
        folded = fold(query)
        if not folded:
            return []
        candidates = self._candidates(folded)
        found = process.extract(
            folded,
            [self._folded[index] for index in candidates],
            scorer=fuzz.WRatio,
            processor=None,
            limit=limit,
            score_cutoff=MIN_SCORE,
        )
        return [(self._ids[candidates[at]], float(score)) for _, score, at in found]

    def lookup(self, uow: UnitOfWork, query: str) -> Lookup:
        scored = self.search(uow, query)
        offerings = uow.catalogue.many([i for i, _ in scored])
        titles = {offering.id: fold(offering.title) for offering in offerings}
        chosen = _pick(scored, fold(query), titles)
        by_id = {offering.id: offering for offering in offerings}
        picked = tuple(by_id[i] for i in chosen if i in by_id)
        if len(picked) == 1:
            return Lookup(picked[0])
        return Lookup(None, picked)


def find_provider(uow: UnitOfWork, query: str) -> tuple[Provider | None, list[Provider]]:
    """A provider by fuzzy name: (the one, []) or (None, candidates)."""
    everyone = uow.catalogue.providers()
    folded = fold(query)
    if not folded:
        return None, []
    names = [fold(provider.name) for provider in everyone]
    found = process.extract(
        folded, names, scorer=fuzz.WRatio, processor=None, limit=6, score_cutoff=MIN_SCORE
    )
    scored = [(everyone[index].id, float(score)) for _, score, index in found]
    chosen = _pick(scored, folded, {p.id: fold(p.name) for p in everyone})
    by_id = {provider.id: provider for provider in everyone}
    picked = [by_id[i] for i in chosen]
    return (picked[0], []) if len(picked) == 1 else (None, picked)
