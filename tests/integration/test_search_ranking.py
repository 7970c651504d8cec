"""Search reads only the top of each term's rows when that gives the exact ranking: on
random indexes full of ties and common terms, the ranking from the tops (at any depth)
is the one from every row, on SQLite and PostgreSQL."""

from __future__ import annotations

import random

from bot.domain.activities import Visibility
from bot.services.ports import IndexedTerm, Store, UnitOfWork
from bot.services.search import rank, rank_from_tops
from tests.integration.storage_builders import NOW, new_member

TERMS = ["ler", "onderwijs", "toets", "rekenen", "les", "taal", "formatief", "evalu", "zeldz"]
# Common terms first: "ler" in most profiles, "zeldz" in few.
SHARE = [0.8, 0.6, 0.4, 0.3, 0.3, 0.2, 0.1, 0.1, 0.02]
WEIGHTS = [30, 20, 18, 15, 12, 10, 9, 6]
MEMBERS = 400


def _seed(uow: UnitOfWork, rng: random.Random) -> list[int]:
    ids = [
        uow.members.create_with_identity("test", f"u{n}", new_member(f"L{n}")).id
        for n in range(MEMBERS)
    ]
    for n, member_id in enumerate(ids):
        uow.communities.join("test", f"g{n % 7}", f"Groep {n % 7}", member_id, False, NOW)
    terms: dict[int, list[IndexedTerm]] = {}
    for member_id in ids:
        mine = terms.setdefault(member_id, [])
        for term, share in zip(TERMS, SHARE, strict=True):
            if rng.random() < share:
                for visibility in (Visibility.PUBLIC, Visibility.COMMUNITY):
                    if rng.random() < 0.6:
                        mine.append(IndexedTerm(term, visibility, rng.choice(WEIGHTS)))
    uow.search.replace_many(terms)
    return ids


def _questions(rng: random.Random) -> list[list[dict[str, int]]]:
    questions = [[{"ler": 10}], [{"ler": 10, "les": 6}], [{"zeldz": 10}, {"ler": 10}]]
    for _ in range(25):
        concepts = []
        for _ in range(rng.randint(1, 4)):
            chosen = rng.sample(TERMS, rng.randint(1, 3))
            concepts.append({term: rng.choice([10, 7, 6, 4]) for term in chosen})
        questions.append(concepts)
    return questions


async def test_the_tops_rank_exactly_as_every_row(store: Store) -> None:
    rng = random.Random(16)
    ids = await store.run(lambda uow: _seed(uow, rng))
    questions = _questions(rng)
    askers = [ids[0], ids[1], ids[200], 10**6]  # members of several groups, and a stranger

    def check(uow: UnitOfWork) -> tuple[int, int]:
        exact_from_tops = deeper = 0
        for concepts in questions:
            for asker in askers:
                for limit in (1, 5, 10):
                    full = uow.search.rank(concepts, asker, limit)
                    assert full, concepts
                    assert rank(uow, concepts, asker, limit) == full, (concepts, asker)
                    for depth in (limit, 12, 40, 150):
                        found = rank_from_tops(uow, concepts, asker, limit, depth)
                        if found is None:
                            deeper += 1
                        else:
                            exact_from_tops += 1
                            assert found == full, (concepts, asker, limit, depth)
        return exact_from_tops, deeper

    exact_from_tops, deeper = await store.run(check)
    # Both ways were taken: the tops sufficed mostly, sometimes they could not tell.
    assert exact_from_tops > deeper > 0, (exact_from_tops, deeper)
