"""Catalogue, reviews, rounds and group posts on every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.catalogue import ModerationAction, OfferingData, RoundState, SuggestionState
from bot.services import catalogue as catalogue_service
from bot.services.catalogue import TitleIndex
from bot.services.catalogue_import import import_catalogue
from bot.services.ports import ReviewInput, Store
from tests.integration.conftest import MemberFactory
from tests.integration.storage_builders import NOW


def _offering(ref: str, title: str, provider: str = "Hogeschool", **kw: object) -> OfferingData:
    return OfferingData(ref=ref, title=title, provider=provider, **kw)  # type: ignore[arg-type]


async def test_import_is_idempotent_on_the_ref_and_keeps_ratings(
    store: Store, create_member: MemberFactory
) -> None:
    first = [
        _offering("R1", "Coachend lesgeven", topics=("coaching",)),
        _offering("R2", "Rekenen"),
    ]
    assert await store.run(lambda uow: uow.catalogue.import_batch(first, NOW)) == (2, 0)
    member = await create_member()
    offering_id = (await store.run(lambda uow: uow.catalogue.titles()))[0][0]

    def rate(uow):  # type: ignore[no-untyped-def]
        uow.reviews.put(ReviewInput(offering_id, member.id, 4, NOW, "Goed"))
        uow.catalogue.refresh_rating(offering_id)

    await store.run(rate)
    again = [
        _offering("R1", "Coachend lesgeven (nieuw)", provider="Academie"),
        _offering("R3", "Taal"),
    ]
    later = NOW + timedelta(hours=1)
    assert await store.run(lambda uow: uow.catalogue.import_batch(again, later)) == (1, 1)
    updated = await store.run(lambda uow: uow.catalogue.get(offering_id))
    assert updated is not None
    assert updated.title == "Coachend lesgeven (nieuw)" and updated.provider_name == "Academie"
    assert (updated.rating_count, updated.rating_sum) == (1, 4)
    assert {p.name for p in await store.run(lambda uow: uow.catalogue.providers())} == {
        "Hogeschool",
        "Academie",
    }


async def test_top_ranks_by_bayesian_average_on_a_fixed_data_set(
    store: Store, create_member: MemberFactory
) -> None:
    items = [
        _offering("ONE5", "Eén vijf", topics=("rekenen",)),
        _offering("MANY45", "Vijftig keer vier-en-half", topics=("rekenen", "taal")),
        _offering("FEW4", "Drie vieren", topics=("taal",)),
        _offering("NONE", "Onbeoordeeld"),
    ]
    await store.run(lambda uow: uow.catalogue.import_batch(items, NOW))
    ids = dict((title, i) for i, title in await store.run(lambda uow: uow.catalogue.titles()))
    members = [await create_member(user_id=str(n)) for n in range(50)]

    def rate(uow):  # type: ignore[no-untyped-def]
        uow.reviews.put(ReviewInput(ids["Eén vijf"], members[0].id, 5, NOW))
        for n, member in enumerate(members):  # 25 fours and 25 fives: mean 4.5
            uow.reviews.put(
                ReviewInput(ids["Vijftig keer vier-en-half"], member.id, 4 + n % 2, NOW)
            )
        for member in members[:3]:
            uow.reviews.put(ReviewInput(ids["Drie vieren"], member.id, 4, NOW))
        for title in ("Eén vijf", "Vijftig keer vier-en-half", "Drie vieren"):
            uow.catalogue.refresh_rating(ids[title])

    await store.run(rate)
    ranked = await store.run(lambda uow: uow.catalogue.top(None, 10))
    # (17.5+225)/55 = 4.41; (17.5+12)/8 = 3.69; (17.5+5)/6 = 3.75
    assert [o.title for o in ranked] == ["Vijftig keer vier-en-half", "Eén vijf", "Drie vieren"]
    assert [round(o.score, 2) for o in ranked] == [4.41, 3.75, 3.69]
    taal = await store.run(lambda uow: uow.catalogue.top("Taal", 10))
    assert [o.title for o in taal] == ["Vijftig keer vier-en-half", "Drie vieren"]


async def test_hidden_reviews_leave_the_rating_and_the_list(
    store: Store, create_member: MemberFactory
) -> None:
    await store.run(lambda uow: uow.catalogue.import_batch([_offering("R", "Feedback")], NOW))
    offering_id = (await store.run(lambda uow: uow.catalogue.titles()))[0][0]
    alice, bob = await create_member(user_id="a"), await create_member(user_id="b", name="Bob")

    def rate(uow):  # type: ignore[no-untyped-def]
        uow.reviews.put(ReviewInput(offering_id, alice.id, 5, NOW, "Top"))
        spam, new = uow.reviews.put(ReviewInput(offering_id, bob.id, 1, NOW, "Spam", True))
        assert new
        again, new = uow.reviews.put(ReviewInput(offering_id, bob.id, 2, NOW + timedelta(days=1)))
        assert not new and again.text == "Spam" and again.anonymous and again.edited
        uow.reviews.flag(spam.id, alice.id, "reclame", NOW)
        uow.reviews.log(alice.id, ModerationAction.FLAG, spam.id, "reclame", NOW)
        assert uow.reviews.set_hidden(spam.id, True)
        assert not uow.reviews.set_hidden(spam.id, True)
        uow.reviews.log(alice.id, ModerationAction.HIDE, spam.id, "", NOW + timedelta(minutes=1))
        uow.catalogue.refresh_rating(offering_id)
        return spam.id

    spam_id = await store.run(rate)
    recent = await store.run(lambda uow: uow.reviews.recent(offering_id, 5))
    assert [r.text for r in recent] == ["Top"] and recent[0].author == "Anna"
    distribution = await store.run(lambda uow: uow.reviews.distribution(offering_id))
    assert distribution.counts == (0, 0, 0, 0, 1)
    offering = await store.run(lambda uow: uow.catalogue.get(offering_id))
    assert offering is not None and (offering.rating_count, offering.rating_sum) == (1, 5)
    audit = await store.run(lambda uow: uow.reviews.audit(10))
    assert [(e.action, e.review_id) for e in audit] == [
        (ModerationAction.HIDE, spam_id),
        (ModerationAction.FLAG, spam_id),
    ]
    since = NOW - timedelta(hours=1)
    assert await store.run(lambda uow: uow.reviews.count_since(bob.id, since)) == 1


async def test_rounds_fall_due_close_once_and_collect_answers(
    store: Store, create_member: MemberFactory
) -> None:
    await store.run(lambda uow: uow.catalogue.import_batch([_offering("R", "Lesson study")], NOW))
    offering_id = (await store.run(lambda uow: uow.catalogue.titles()))[0][0]
    mod = await create_member(user_id="m", name="Mo")
    alice = await create_member(user_id="a")
    outsider = await create_member(user_id="o", name="Olaf")

    def open_round(uow):  # type: ignore[no-untyped-def]
        for member in (mod, alice):
            uow.communities.join("telegram", "-100", "Kamer", member.id, member is mod, NOW)
        uow.communities.join("telegram", "-200", "Elders", outsider.id, False, NOW)
        community = uow.rounds.community_id("telegram", "-100")
        round_id = uow.rounds.open(community, offering_id, mod.id, NOW, NOW + timedelta(days=7))
        later = NOW + timedelta(hours=1)
        uow.reviews.put(ReviewInput(offering_id, alice.id, 4, later, "Fijn"))
        uow.reviews.put(ReviewInput(offering_id, outsider.id, 1, later))
        return community, round_id

    community, round_id = await store.run(open_round)
    current = await store.run(lambda uow: uow.rounds.current(community, NOW))
    assert current is not None and current.id == round_id and current.chat_id == "-100"
    assert await store.run(lambda uow: uow.rounds.due(NOW + timedelta(days=6), 10)) == []
    due = await store.run(lambda uow: uow.rounds.due(NOW + timedelta(days=8), 10))
    assert [r.id for r in due] == [round_id]
    answers = await store.run(lambda uow: uow.rounds.answers(due[0], due[0].deadline))
    assert [(a.author, a.rating) for a in answers] == [("Anna", 4)]  # not the outsider
    closing = NOW + timedelta(days=8)
    assert await store.run(lambda uow: uow.rounds.close(round_id, closing))
    assert not await store.run(lambda uow: uow.rounds.close(round_id, closing))
    closed = await store.run(lambda uow: uow.rounds.get(round_id))
    assert closed is not None and closed.state is RoundState.CLOSED
    assert await store.run(lambda uow: uow.rounds.current(community, closing)) is None
    assert not await store.run(lambda uow: uow.rounds.cut_short(round_id, closing))


async def test_a_round_cut_short_falls_due_at_once(
    store: Store, create_member: MemberFactory
) -> None:
    await store.run(lambda uow: uow.catalogue.import_batch([_offering("R", "Taal")], NOW))
    offering_id = (await store.run(lambda uow: uow.catalogue.titles()))[0][0]
    mod = await create_member(user_id="m", name="Mo")

    def open_round(uow):  # type: ignore[no-untyped-def]
        uow.communities.join("telegram", "-100", "Kamer", mod.id, True, NOW)
        community = uow.rounds.community_id("telegram", "-100")
        deadline = NOW + timedelta(days=7)
        return community, uow.rounds.open(community, offering_id, mod.id, NOW, deadline)

    community, round_id = await store.run(open_round)
    later = NOW + timedelta(hours=2)
    assert await store.run(lambda uow: uow.rounds.cut_short(round_id, later))
    assert await store.run(lambda uow: uow.rounds.current(community, later)) is None
    due = await store.run(lambda uow: uow.rounds.due(later, 10))
    assert [(r.id, r.deadline, r.state) for r in due] == [(round_id, later, RoundState.OPEN)]


async def test_group_posts_are_queued_once_and_marked_sent(store: Store) -> None:
    payload = {"v": 1, "spans": [["hallo", "plain"]]}
    assert await store.run(
        lambda uow: uow.group_posts.enqueue("k", "telegram", "-1", payload, NOW)
    )
    assert not await store.run(
        lambda uow: uow.group_posts.enqueue("k", "telegram", "-1", payload, NOW)
    )
    pending = await store.run(lambda uow: uow.group_posts.pending("telegram", 10))
    assert [(chat, data) for _, chat, data in pending] == [("-1", payload)]
    assert await store.run(lambda uow: uow.group_posts.pending("discord", 10)) == []
    await store.run(lambda uow: uow.group_posts.mark_sent(pending[0][0], NOW))
    assert await store.run(lambda uow: uow.group_posts.pending("telegram", 10)) == []


@pytest.mark.parametrize("small", [5000, 0], ids=["every-title", "word-candidates"])
async def test_fuzzy_lookup_handles_typos_word_order_accents_and_ambiguity(
    store: Store, small: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue_service, "SMALL_CATALOGUE", small)
    items = [
        _offering("1", "Coöperatief leren in groep 7/8"),
        _offering("2", "Formatief evalueren in de praktijk"),
        _offering("3", "Formatief evalueren voor beginners"),
    ]
    await store.run(lambda uow: uow.catalogue.import_batch(items, NOW))
    index = TitleIndex()

    async def find(name: str):  # type: ignore[no-untyped-def]
        return await store.run(lambda uow: index.lookup(uow, name))

    for name in ("cooperatief leren", "leren coöperatief", "cooperatif lerne groep"):
        found = await find(name)
        assert found.found is not None and found.found.ref == "1", name
    ambiguous = await find("formatief evalueren")
    assert ambiguous.found is None and {o.ref for o in ambiguous.candidates} == {"2", "3"}
    assert (await find("zzzz qqqq")).candidates == ()
    # A new import is seen at the next lookup.
    await store.run(lambda uow: uow.catalogue.import_batch([_offering("4", "Taalbeleid")], NOW))
    found = await find("taalbeleid")
    assert found.found is not None and found.found.ref == "4"


async def test_a_ten_thousand_row_import_with_bad_rows_loses_no_good_one(store: Store) -> None:
    lines = ["ref;titel;aanbieder;uren;niveau"]
    bad = {}
    for n in range(1, 10_001):
        line = n + 1
        if n % 500 == 0:
            lines.append(f"X-{n};;Aanbieder;1;vo")  # empty title
            bad[line] = "catalog_import.empty"
        elif n % 777 == 0:
            lines.append(f"X-{n - 1};Dubbel {n};Aanbieder;1;vo")  # the ref of the row before
            bad[line] = "catalog_import.duplicate_ref"
        elif n % 999 == 0:
            lines.append(f"X-{n};Cursus {n};Aanbieder;1;hbo")
            bad[line] = "catalog_import.bad_level"
        else:
            lines.append(f"X-{n};Cursus {n};Aanbieder {n % 7};{n % 40},5;po|vo")
    data = ("\ufeff" + "\n".join(lines) + "\n").encode()
    progress: list[int] = []
    result = await import_catalogue(
        store, "groot.csv", data, NOW, chunk=1500, progress=progress.append
    )
    assert {line: reason.key for line, reason in result.rejected} == bad
    assert result.added == 10_000 - len(bad) and result.updated == 0
    assert sum(progress) == 10_000
    assert len(await store.run(lambda uow: uow.catalogue.titles())) == result.added


async def test_suggestions_wait_until_decided_once(
    store: Store, create_member: MemberFactory
) -> None:
    zoe = await create_member(user_id="z", name="Zoe")
    mod = await create_member(user_id="m", name="Mo")
    first = await store.run(lambda uow: uow.suggestions.add(zoe.id, "Rekenen", "X", "", NOW))
    second = await store.run(lambda uow: uow.suggestions.add(zoe.id, "Taal", "", "", NOW))
    pending = await store.run(lambda uow: uow.suggestions.pending(10))
    assert [(s.id, s.title, s.author) for s in pending] == [
        (first, "Rekenen", "Zoe"),
        (second, "Taal", "Zoe"),
    ]
    approved = SuggestionState.APPROVED
    assert await store.run(lambda uow: uow.suggestions.decide(first, approved, mod.id, NOW))
    assert not await store.run(
        lambda uow: uow.suggestions.decide(first, SuggestionState.REJECTED, mod.id, NOW)
    )
    decided = await store.run(lambda uow: uow.suggestions.get(first))
    assert decided is not None and decided.state is approved
    assert [s.id for s in await store.run(lambda uow: uow.suggestions.pending(10))] == [second]
    assert await store.run(lambda uow: uow.suggestions.get(999)) is None
