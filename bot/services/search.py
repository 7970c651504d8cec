"""Expertise search: who knows something about … Only what members shared is indexed,
only what the asker may see is found, and the asker never finds themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.activities import Visibility
from bot.domain.profiles import (
    ACTIVITY_WEIGHT,
    GOAL_WEIGHT,
    SEARCH_WEIGHTS,
    Profile,
    ProfileField,
)
from bot.domain.search_text import (
    EXACT,
    Concept,
    edit_distance,
    index_terms,
    near,
    prefix,
    query_concepts,
    typo_limit,
)
from bot.services.errors import ServiceError
from bot.services.ports import ActivityFilter, IndexedTerm

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from bot.services.ports import Store, UnitOfWork

MAX_RESULTS = 10
# What a search result shows of a member (when they share it with the asker).
SHOWN_FIELDS = (
    ProfileField.SCHOOL,
    ProfileField.SECTOR,
    ProfileField.SUBJECTS,
    ProfileField.EXPERTISE,
    ProfileField.TAGS,
)
MAX_CONCEPTS = 12
INDEXED_ACTIVITIES = 200
# How deep search reads into each term's rows before it ranks from every row instead.
TOP_DEPTHS = (16, 64, 256)
# Marked members rebuilt per transaction, and how often the job looks for marks (it also
# runs when the bot starts).
REINDEX_BATCH = 200
REINDEX_POLL_SECONDS = 3600


@dataclass(frozen=True)
class Found:
    member_id: int
    score: int
    matched: tuple[str, ...]  # the question's words this member answers


@dataclass(frozen=True)
class FindMembers:
    asker_id: int
    text: str


def member_terms(
    profile: Profile, shared_texts: Iterable[tuple[str, Visibility, int]]
) -> list[IndexedTerm]:
    """The search terms of a member: every shared text, expanded; per term and
    visibility the highest weight."""
    texts = [
        (value, profile.visibility_of(field), SEARCH_WEIGHTS[field])
        for field, value in profile.values.items()
        if field in SEARCH_WEIGHTS
    ]
    texts += list(shared_texts)
    best: dict[tuple[str, Visibility], int] = {}
    for text, visibility, weight in texts:
        if visibility is Visibility.PRIVATE:
            continue
        for term, factor in index_terms(text).items():
            key = (term, visibility)
            best[key] = max(best.get(key, 0), weight * factor // EXACT)
    return [IndexedTerm(term, vis, weight) for (term, vis), weight in sorted(best.items())]


def reindex_member(uow: UnitOfWork, member_id: int) -> None:
    """Rebuild the member's terms from their profile, shared goals and activities."""
    reindex_members(uow, [member_id])


def reindex_members(uow: UnitOfWork, member_ids: list[int]) -> None:
    """reindex_member for many members, profiles read and terms written in bulk."""
    profiles = uow.profiles.get_many(member_ids)
    uow.search.replace_many(
        {
            member_id: member_terms(profile, _shared_items(uow, member_id))
            for member_id, profile in profiles.items()
        }
    )


def reindex_claimed(uow: UnitOfWork, limit: int = REINDEX_BATCH) -> int:
    """Rebuild up to `limit` marked members (see SearchRepository.mark); how many."""
    member_ids = uow.search.claim_marked(limit)
    reindex_members(uow, member_ids)
    return len(member_ids)


async def reindex_marked(store: Store, batch: int = REINDEX_BATCH) -> int:
    """Rebuild every marked member, a batch per transaction (a migration marks them, e.g.
    0016 those who shared goals or activities before the index existed). Safe to run in
    several processes at once: each mark is claimed by one. How many were rebuilt."""
    done = 0
    while True:
        count = await store.run(lambda uow: reindex_claimed(uow, batch))
        done += count
        if count < batch:
            return done


def _shared_items(uow: UnitOfWork, member_id: int) -> list[tuple[str, Visibility, int]]:
    texts: list[tuple[str, Visibility, int]] = [
        (goal.title, goal.visibility, GOAL_WEIGHT)
        for goal in uow.goals.list(member_id)
        if goal.visibility is not Visibility.PRIVATE
    ]
    texts += [
        (activity.title, activity.visibility, ACTIVITY_WEIGHT)
        for activity in uow.activities.list(member_id, ActivityFilter(), INDEXED_ACTIVITIES)
        if activity.visibility is not Visibility.PRIVATE
    ]
    return texts


def reindex_if_shared(uow: UnitOfWork, member_id: int, *visibilities: Visibility) -> None:
    """After a goal or activity changed: rebuild the member's terms if it was or is shared
    (a private one was never in the index)."""
    if any(v is not Visibility.PRIVATE for v in visibilities):
        reindex_member(uow, member_id)


def _with_near_misses(uow: UnitOfWork, concepts: list[Concept]) -> list[Concept]:
    """Terms nobody has are swapped for known terms a typo away."""
    wanted = {term for concept in concepts for term in concept.terms}
    known = uow.search.known(wanted)
    widened: list[Concept] = []
    for concept in concepts:
        terms = dict(concept.terms)
        for term in concept.terms:
            limit = typo_limit(term)
            if term in known or not limit:
                continue
            for candidate in uow.search.vocabulary(prefix(term)):
                if edit_distance(term, candidate, limit) <= limit:
                    quality = near(concept.terms[term])
                    terms[candidate] = max(terms.get(candidate, 0), quality)
        widened.append(Concept(concept.word, terms))
    return widened


Ranked = list[tuple[int, tuple[int, ...]]]


def _scores(concepts: Sequence[Mapping[str, int]], weights: Mapping[str, int]) -> tuple[int, ...]:
    return tuple(
        max((weights.get(term, 0) * quality for term, quality in concept.items()), default=0)
        for concept in concepts
    )


def rank_from_tops(
    uow: UnitOfWork, concepts: Sequence[Mapping[str, int]], asker_id: int, limit: int, depth: int
) -> Ranked | None:
    """The ranking of SearchRepository.rank, read from the top `depth` rows of each term
    (an index range each) instead of every row of every term: a common word ("leren") is
    in tens of thousands of profiles, and only its top matters.

    Every member in some term's top is a candidate, scored exactly (their weights for the
    terms whose top was cut short are read for them alone). A member in no top has, per
    concept, at most the best quality × weight of the last rows of its cut terms, so at
    most `bound` in all; and `bound` exactly only with a member id below the last member
    of such a top in every concept (tops are ordered by weight, then newest member). When
    the last ranked candidate beats that, no one outside can overtake: the ranking is
    exact. Otherwise None (look deeper, or rank every row)."""
    terms = sorted({term for concept in concepts for term in concept})
    tops = uow.search.tops(terms, asker_id, depth)
    weights: dict[int, dict[str, int]] = {}
    for term, postings in tops.items():
        for member_id, weight in postings:
            mine = weights.setdefault(member_id, {})
            mine[term] = max(mine.get(term, 0), weight)
    cut = {term: postings[-1] for term, postings in tops.items() if len(postings) >= depth}
    if cut:
        for (member_id, term), weight in uow.search.weights(
            sorted(cut), sorted(weights), asker_id
        ).items():
            weights[member_id][term] = weight
    scored = sorted(
        ((member_id, _scores(concepts, mine)) for member_id, mine in weights.items()),
        key=lambda found: (-sum(found[1]), -found[0]),
    )
    ranked = scored[:limit]
    if not cut:
        return ranked  # every row of every term was read
    if len(ranked) < limit:
        return None
    # Per concept, the most a member in no top can have: the best quality × last weight
    # of its cut terms; reaching it only below the last member of such a top.
    bound = 0
    below = []
    for concept in concepts:
        lasts = [(cut[t][1] * q, cut[t][0]) for t, q in concept.items() if t in cut]
        if lasts:
            best = max(value for value, _ in lasts)
            bound += best
            below.append(max(member_id for value, member_id in lasts if value == best))
    last_id, last_scores = ranked[-1]
    threshold = sum(last_scores)
    if threshold > bound or (threshold == bound and last_id >= min(below)):
        return ranked
    return None


def rank(
    uow: UnitOfWork, concepts: Sequence[Mapping[str, int]], asker_id: int, limit: int
) -> Ranked:
    """The best `limit` members for the concepts, as SearchRepository.rank orders them:
    from the tops of the terms when that is exact, else from every row."""
    for depth in TOP_DEPTHS:
        ranked = rank_from_tops(uow, concepts, asker_id, limit, max(depth, limit))
        if ranked is not None:
            return ranked
    return uow.search.rank(concepts, asker_id, limit)


def find_members(cmd: FindMembers, uow: UnitOfWork) -> list[Found]:
    """Members ranked by the sum, over the question's concepts, of their best visible
    match (quality × weight); ties: the newest member first. Whole numbers: the same on
    every store."""
    concepts = query_concepts(cmd.text)[:MAX_CONCEPTS]
    if not concepts:
        raise ServiceError("search.nothing_to_find")
    concepts = _with_near_misses(uow, concepts)
    ranked = rank(uow, [c.terms for c in concepts], cmd.asker_id, MAX_RESULTS)
    return [
        Found(
            member_id,
            sum(best),
            tuple(c.word for c, b in zip(concepts, best, strict=True) if b),
        )
        for member_id, best in ranked
    ]
