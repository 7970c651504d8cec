"""/vergeet erases every row about a member, in every table: counted per table before and
after, on SQLite and PostgreSQL. A table added to the schema without an erasure rule, or
with a member column nobody erases, fails these tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Table, func, or_, select

from bot.domain.activities import Reflection, Visibility
from bot.domain.catalogue import ModerationAction, OfferingData, SuggestionState
from bot.domain.flows import Draft, PendingFlow
from bot.domain.introductions import IntroState
from bot.domain.photos import Photo, PhotoSource
from bot.domain.profiles import ProfileField
from bot.domain.reminders import Reminder, ReminderSettings, Schedule, ScheduleKind
from bot.domain.undo import Change, ChangeKind
from bot.services.ports import NewDelivery, ReviewInput, Store, UnitOfWork
from bot.services.privacy import ForgetMember, forget_member, stored_data
from bot.services.search import reindex_member
from storage.models import members, metadata, reviews
from storage.repositories.privacy import CLEARED, RULES, Action
from tests.integration.storage_builders import NOW, add_activity, add_goal, new_member


def _db(uow: UnitOfWork) -> Any:
    return uow.members._db  # type: ignore[attr-defined]


def about(table: Table, member_id: int) -> Any:
    """Found from the schema itself, not from RULES: a row is about the member when a
    foreign key leads to the member's row, directly (members.id) or through a parent row
    that is about the member (a reflection of their activity); plus the few member columns
    without a foreign key (listed in CLEARED)."""
    conditions = [table.c.id == member_id] if table is members else []
    for column in table.columns:
        for fk in column.foreign_keys:
            if fk.column is members.c.id:
                conditions.append(column == member_id)
            elif fk.column.table is not table:
                parent = about(fk.column.table, member_id)
                if parent is not None:
                    conditions.append(column.in_(select(fk.column).where(parent)))
    if table.name in CLEARED:
        conditions.append(table.c[CLEARED[table.name]] == member_id)
    return or_(*conditions) if conditions else None


def rows_about(uow: UnitOfWork, member_id: int) -> dict[str, int]:
    counts = {}
    for table in metadata.sorted_tables:
        where = about(table, member_id)
        if where is not None:
            counts[table.name] = _db(uow).execute(select(func.count()).where(where)).scalar()
    return counts


def totals(uow: UnitOfWork) -> dict[str, int]:
    return {
        table.name: _db(uow).execute(select(func.count()).select_from(table)).scalar()
        for table in metadata.sorted_tables
    }


def seed(uow: UnitOfWork) -> tuple[int, int]:
    """Anna has a row in every table that can name a member; Bob is a bystander."""
    anna = uow.members.create_with_identity("telegram", "1", new_member("Anna")).id
    bob = uow.members.create_with_identity("telegram", "2", new_member("Bob")).id
    for who in (anna, bob):
        goal = add_goal(uow, who)
        add_activity(
            uow,
            who,
            goal_number=goal.number,
            reflections=(Reflection("Geleerd: veel.", NOW),),
        )
        uow.flows.put(PendingFlow(who, "language", NOW + timedelta(hours=1), {}, ("nl",)))
        uow.drafts.add(Draft(who, "log", {"title": "Coaching"}, NOW))
        uow.undo.put(Change(who, ChangeKind.LOGGED, 1, None, NOW))
        uow.outbox.enqueue(
            NewDelivery(f"k-{who}", who, "telegram", str(who), {"text": "hoi"}, NOW), NOW
        )
        schedule = Schedule(ScheduleKind.ONCE, (NOW + timedelta(days=1)).isoformat(), "UTC")
        uow.reminders.add(Reminder(who, "Reflecteren", schedule, NOW + timedelta(days=1), NOW))
        uow.reminders.save_settings(ReminderSettings(who, paused_until=NOW.date()))
        uow.communities.join("telegram", "-100", "Lerarenkamer", who, who == anna, NOW)
        uow.rounds.set_prompts(who, False, NOW)
        uow.profiles.set_value(who, ProfileField.EXPERTISE, "formatief evalueren", NOW)
        uow.profiles.set_visibility(who, [ProfileField.EXPERTISE], Visibility.PUBLIC, NOW)
        reindex_member(uow, who)
        uow.photos.put(Photo(who, "image/jpeg", 1, 1, b"\xff\xd8\xff", PhotoSource.UPLOAD, NOW))
        expires = NOW + timedelta(minutes=10)
        uow.linking.add_code(who, "telegram", str(who), f"hash-{who}", NOW, expires)
        uow.linking.record_attempt(who, NOW)
        uow.search.mark([who])
    uow.catalogue.import_batch(
        [
            OfferingData("o1", "Formatief evalueren", "Hogeschool"),
            OfferingData("o2", "Rekendidactiek", "Hogeschool"),
        ],
        NOW,
    )
    o1, o2 = sorted(offering_id for offering_id, _ in uow.catalogue.titles())
    uow.reviews.put(ReviewInput(o1, anna, 5, NOW, "Top, zegt Anna"))
    bob_review, _ = uow.reviews.put(ReviewInput(o1, bob, 3, NOW, "Redelijk"))
    uow.reviews.put(ReviewInput(o2, anna, 4, NOW, "Goed"))
    for offering in (o1, o2):
        uow.catalogue.refresh_rating(offering)
    uow.reviews.flag(bob_review.id, anna, "spam?", NOW)
    uow.reviews.log(anna, ModerationAction.HIDE, bob_review.id, "verborgen", NOW)
    community = uow.rounds.community_id("telegram", "-100")
    assert community is not None
    uow.rounds.open(community, o1, anna, NOW, NOW + timedelta(days=7))
    anna_suggests = uow.suggestions.add(anna, "Cursus", "Aanbieder", "https://a.nl", NOW)
    bob_suggests = uow.suggestions.add(bob, "Training", "Aanbieder", "https://b.nl", NOW)
    uow.suggestions.decide(bob_suggests, SuggestionState.APPROVED, anna, NOW)
    uow.suggestions.decide(anna_suggests, SuggestionState.REJECTED, bob, NOW)
    uow.group_posts.enqueue("round-1", "telegram", "-100", {"summary": "3 reviews"}, NOW)
    uow.inbox.claim("telegram", "update-1", NOW)
    uow.members.set_handle("telegram", "1", "@anna")
    until = NOW + timedelta(days=7)
    # Anna asked to meet Bob, and Bob to meet Anna: erasing Anna takes her request and
    # leaves Bob's, without her id (to Bob it stays as unanswered as it was).
    uow.introductions.add(anna, bob, "bob", "telegram", "Hoi!", IntroState.OPEN, NOW, until)
    uow.introductions.add(bob, anna, "anna", "telegram", None, IntroState.OPEN, NOW, until)
    return anna, bob


def test_every_table_has_an_erasure_rule() -> None:
    assert set(RULES) == set(metadata.tables), "a table needs a rule in RULES"
    for table in metadata.sorted_tables:
        rule = RULES[table.name]
        if rule.action is Action.KEEP:
            assert about(table, 1) is None, f"{table.name} is about members but is kept"
        else:
            assert about(table, 1) is not None, f"{table.name} has a rule but names no one"
            assert rule.column in table.c, f"{table.name}: no column {rule.column}"


@pytest.mark.parametrize("keep_reviews", [False, True], ids=["delete-reviews", "keep-reviews"])
async def test_forgetting_erases_every_row_about_the_member(
    store: Store, keep_reviews: bool
) -> None:
    anna, bob = await store.run(seed)
    before = await store.run(lambda uow: rows_about(uow, anna))
    bobs_before = await store.run(lambda uow: rows_about(uow, bob))
    totals_before = await store.run(totals)
    # Every table that can name a member names Anna: the seed leaves none out.
    assert {name for name, n in before.items() if n == 0} == set()
    assert set(before) == {name for name, rule in RULES.items() if rule.action is not Action.KEEP}

    shown = await store.run(lambda uow: stored_data(uow, anna))
    assert shown.counts == before  # /mijngegevens counts exactly what erasure erases

    command = ForgetMember(anna, keep_reviews=keep_reviews, now=NOW)
    erased = await store.run(lambda uow: forget_member(command, uow))

    after = await store.run(lambda uow: rows_about(uow, anna))
    assert after == dict.fromkeys(before, 0)
    assert erased["activities"] == 1 and erased["reviews"] == 2 and erased["members"] == 1
    # Bob keeps all of his. Gone are only Anna's rows that touched his: her suggestion,
    # which he had decided on, and her report about his review.
    assert await store.run(lambda uow: rows_about(uow, bob)) == {
        **bobs_before,
        "offering_suggestions": bobs_before["offering_suggestions"] - 1,
        "review_flags": bobs_before["review_flags"] - 1,
        "introductions": bobs_before["introductions"] - 1,
    }
    assert await store.run(lambda uow: uow.members.by_identity("telegram", "1")) is None
    totals_after = await store.run(totals)
    # Kept as they were: the catalogue, the group, its posted summary, the redelivery guard.
    for name in ("providers", "offerings", "communities", "group_posts", "inbox"):
        assert totals_after[name] == totals_before[name], name
    assert totals_after["review_rounds"] == totals_before["review_rounds"]  # the round stays

    def review_rows(uow: UnitOfWork) -> list[Any]:
        return list(_db(uow).execute(select(reviews.c.text, reviews.c.anonymous)))

    left = await store.run(review_rows)
    offering = await store.run(lambda uow: uow.catalogue.get(min(uow.catalogue.titles())[0]))
    assert offering is not None
    if keep_reviews:
        assert sorted(text for text, _ in left) == ["Goed", "Redelijk", "Top, zegt Anna"]
        assert all(anonymous for text, anonymous in left if text != "Redelijk")
        assert offering.rating_count == 2
    else:
        assert [text for text, _ in left] == ["Redelijk"]
        assert offering.rating_count == 1  # recounted without Anna's review
