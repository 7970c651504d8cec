"""Merging two members into one (/koppel with data on both sides), on SQLite and
PostgreSQL: every table that names a member is seeded on both sides, and after the merge
nothing is lost or doubled. A table added to the schema that names a member but has no
merge rule fails these tests (as the erasure tests do for erasure rules)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.domain.activities import Reflection, Visibility
from bot.domain.catalogue import ModerationAction, OfferingData, SuggestionState
from bot.domain.flows import Draft, PendingFlow
from bot.domain.introductions import IntroState
from bot.domain.photos import Photo, PhotoSource
from bot.domain.profiles import ProfileField
from bot.domain.reminders import Nudge, Reminder, ReminderSettings, Schedule, ScheduleKind
from bot.domain.undo import Change, ChangeKind
from bot.services.linking import merge_members
from bot.services.ports import ActivityFilter, NewDelivery, ReviewInput, Store, UnitOfWork
from bot.services.search import reindex_member
from storage.models import community_members, reviews
from storage.repositories.linking import MERGE_RULES
from storage.repositories.privacy import RULES, Action
from tests.integration.storage_builders import NOW, add_activity, add_goal, new_member
from tests.integration.test_erasure import rows_about

LATER = NOW + timedelta(hours=1)


def _db(uow: UnitOfWork) -> Any:
    return uow.members._db  # type: ignore[attr-defined]


def seed(uow: UnitOfWork) -> tuple[int, int, int]:
    """Anna (keeps her portfolio) and Bob (her second account, merged into it) each have
    rows in every table that names a member; Carol is a bystander."""
    anna = uow.members.create_with_identity("telegram", "1", new_member("Anna")).id
    bob = uow.members.create_with_identity("matrix", "@anna:school.nl", new_member("Anna")).id
    carol = uow.members.create_with_identity("telegram", "3", new_member("Carol")).id
    uow.catalogue.import_batch(
        [
            OfferingData("o1", "Formatief evalueren", "Hogeschool"),
            OfferingData("o2", "Rekendidactiek", "Hogeschool"),
            OfferingData("o3", "Lesson study", "Hogeschool"),
        ],
        NOW,
    )
    o1, o2, o3 = sorted(offering_id for offering_id, _ in uow.catalogue.titles())
    for who in (anna, bob):
        goal = add_goal(uow, who, title=f"Doel van {who}")
        add_activity(
            uow,
            who,
            title=f"Gekoppeld van {who}",
            goal_number=goal.number,
            reflections=(Reflection(f"Geleerd door {who}", NOW),),
        )
        uow.flows.put(PendingFlow(who, "language", NOW + timedelta(hours=1), {}, ("nl",)))
        uow.drafts.add(Draft(who, "log", {"title": f"Coaching {who}"}, NOW))
        uow.undo.put(Change(who, ChangeKind.LOGGED, 1, None, NOW))
        uow.outbox.enqueue(
            NewDelivery(f"k-{who}", who, "telegram", str(who), {"text": "hoi"}, NOW), NOW
        )
        schedule = Schedule(ScheduleKind.ONCE, (NOW + timedelta(days=1)).isoformat(), "UTC")
        uow.reminders.add(Reminder(who, f"Herinnering {who}", schedule, NOW, NOW))
        uow.communities.join("telegram", "-100", "Lerarenkamer", who, who == bob, NOW)
        uow.rounds.set_prompts(who, False, NOW)
        uow.reviews.log(who, ModerationAction.HIDE, None, f"door {who}", NOW)
        community = uow.rounds.community_id("telegram", "-100")
        assert community is not None
        uow.rounds.open(community, o1 if who == anna else o2, who, NOW, NOW + timedelta(days=7))
        uow.suggestions.add(who, f"Cursus {who}", "Aanbieder", "https://a.nl", NOW)
        uow.linking.add_code(who, "telegram", str(who), f"hash-{who}", NOW, NOW)
        uow.linking.record_attempt(who, NOW)
    add_activity(uow, bob, title="Zonder doel")
    uow.communities.join("telegram", "-200", "Rekenwerkgroep", bob, False, NOW)
    uow.reminders.save_settings(ReminderSettings(anna, nudges=frozenset({Nudge.GOALS})))
    uow.reminders.save_settings(
        ReminderSettings(bob, paused_until=NOW.date(), nudges=frozenset({Nudge.LOG}))
    )
    # Profiles: both filled in expertise (Bob later: his wins), one field each of their own.
    uow.profiles.set_value(anna, ProfileField.EXPERTISE, "rekenen", NOW)
    uow.profiles.set_value(anna, ProfileField.SCHOOL, "De Linde", NOW)
    uow.profiles.set_value(bob, ProfileField.EXPERTISE, "formatief evalueren", LATER)
    uow.profiles.set_value(bob, ProfileField.REGION, "Utrecht", NOW)
    for who in (anna, bob):
        when = NOW if who == anna else LATER
        uow.profiles.set_visibility(who, [ProfileField.EXPERTISE], Visibility.PUBLIC, when)
        reindex_member(uow, who)
    # Introductions: each asked Carol, Carol asked Bob, and Anna asked Bob (moot after).
    until = LATER + timedelta(days=7)
    for asker, target in ((anna, carol), (bob, carol), (carol, bob), (anna, bob)):
        uow.introductions.add(asker, target, "x", "telegram", None, IntroState.OPEN, NOW, until)
    uow.search.mark([anna, bob])  # both await a search re-index
    # Photos on both sides: Bob's is newer and stays.
    uow.photos.put(Photo(anna, "image/jpeg", 1, 1, b"anna", PhotoSource.UPLOAD, NOW))
    uow.photos.put(Photo(bob, "image/jpeg", 2, 2, b"bob", PhotoSource.AVATAR, LATER))
    # Reviews: both of o1 (Bob's is newer and stays), Anna of o2, Bob of o3; Carol of o2.
    anna_o1, _ = uow.reviews.put(ReviewInput(o1, anna, 2, NOW, "Oud oordeel"))
    uow.reviews.put(ReviewInput(o1, bob, 5, LATER, "Nieuw oordeel"))
    uow.reviews.put(ReviewInput(o2, anna, 4, NOW, "Goed"))
    uow.reviews.put(ReviewInput(o3, bob, 3, NOW, "Redelijk"))
    carols, _ = uow.reviews.put(ReviewInput(o2, carol, 1, NOW, "Slecht"))
    for offering in (o1, o2, o3):
        uow.catalogue.refresh_rating(offering)
    uow.reviews.flag(carols.id, anna, "spam?", NOW)  # both reported Carol's: one stays
    uow.reviews.flag(carols.id, bob, "spam!", NOW)
    uow.reviews.flag(anna_o1.id, carol, "onaardig", NOW)  # about the review that goes
    carol_suggests = uow.suggestions.add(carol, "Training", "Aanbieder", "https://c.nl", NOW)
    uow.suggestions.decide(carol_suggests, SuggestionState.APPROVED, bob, NOW)
    return anna, bob, carol


def test_every_member_table_has_a_merge_rule() -> None:
    named = {name for name, rule in RULES.items() if rule.action is not Action.KEEP}
    assert set(MERGE_RULES) == named, "a table that names a member needs a rule in MERGE_RULES"


# Rows that do not survive a merge, by design (see storage.repositories.linking).
DROPPED = {
    "members": 1,  # Bob's member row
    "pending_flows": 1,  # Anna had an open question: Bob's is dropped
    "undo_journal": 1,  # numbers changed: Bob's last change cannot be undone safely
    "reminder_settings": 1,  # combined into Anna's row
    "community_members": 1,  # both in "-100": one membership
    "round_prompt_optouts": 1,  # both opted out: one opt-out
    "profile_fields": 1,  # expertise on both sides: the newer value stays
    "reviews": 1,  # both reviewed o1: the newer review stays
    "review_flags": 1,  # both reported Carol's review: one report stays
    "link_codes": 1,  # Bob's code stops working
    "introductions": 2,  # Anna's request to Bob (counted for both): one person now
    "search_reindex": 1,  # one mark for the survivor
    "profile_photos": 1,  # both had a photo: the newer (Bob's) stays
}


async def test_merging_keeps_every_row_once(store: Store) -> None:
    anna, bob, carol = await store.run(seed)
    annas = await store.run(lambda uow: uow.portability.counts(anna))
    bobs = await store.run(lambda uow: uow.portability.counts(bob))
    carols = await store.run(lambda uow: uow.portability.counts(carol))
    # The seed names both in every table that can name a member.
    named = {name for name, rule in RULES.items() if rule.action is not Action.KEEP}
    for who in (anna, bob):
        about = await store.run(lambda uow, who=who: rows_about(uow, who))
        assert {name for name, n in about.items() if n == 0} == set()
        assert set(about) == named

    merged = await store.run(lambda uow: merge_members(uow, anna, bob))

    after = await store.run(lambda uow: uow.portability.counts(anna))
    assert await store.run(lambda uow: rows_about(uow, bob)) == dict.fromkeys(named, 0)
    for table in named - {"search_terms"}:
        expected = annas.get(table, 0) + bobs.get(table, 0) - DROPPED.get(table, 0)
        assert after.get(table, 0) == expected, table
    assert after["search_terms"] >= annas["search_terms"]  # reindexed from both
    # Carol lost only the report about Anna's dropped review.
    carol_after = await store.run(lambda uow: uow.portability.counts(carol))
    assert carols["review_flags"] == 1
    assert carol_after == {name: n for name, n in carols.items() if name != "review_flags"}
    assert merged.profile_conflicts == ["expertise"]
    assert merged.dropped["reviews"] == 1
    kept = await store.run(lambda uow: uow.photos.get(anna))
    assert kept is not None and kept.content == b"bob"

    def portfolio(uow: UnitOfWork) -> dict[str, Any]:
        acts = sorted(uow.activities.list(anna, ActivityFilter()), key=lambda a: a.number)
        goals = sorted(uow.goals.list(anna), key=lambda g: g.number)
        db = _db(uow)
        texts = sorted(db.execute(select(reviews.c.text).where(reviews.c.member_id == anna)))
        mods = dict(
            db.execute(
                select(community_members.c.community_id, community_members.c.is_moderator).where(
                    community_members.c.member_id == anna
                )
            ).all()
        )
        o1 = uow.catalogue.get(min(i for i, _ in uow.catalogue.titles()))
        return {
            "activities": [(a.number, a.title, a.goal_number) for a in acts],
            "reflections": {a.number: [r.text for r in a.reflections] for a in acts},
            "goals": [(g.number, g.title) for g in goals],
            "reminders": sorted((r.number, r.text) for r in uow.reminders.of_member(anna)),
            "next": uow.members.next_number(anna, "activity"),
            "reviews": [t for (t,) in texts],
            "o1": (o1.rating_count, o1.rating_sum) if o1 else None,
            "profile": uow.profiles.get(anna).values if uow.profiles.get(anna) else None,
            "settings": uow.reminders.settings(anna),
            "moderator": sorted(mods.values()),
            "identities": uow.members.identities(anna),
        }

    seen = await store.run(portfolio)
    assert seen["activities"] == [
        (1, f"Gekoppeld van {anna}", 1),
        (2, f"Gekoppeld van {bob}", 2),  # renumbered, still linked to Bob's goal, now #2
        (3, "Zonder doel", None),
    ]
    assert seen["reflections"] == {
        1: [f"Geleerd door {anna}"],
        2: [f"Geleerd door {bob}"],
        3: [],
    }
    assert seen["goals"] == [(1, f"Doel van {anna}"), (2, f"Doel van {bob}")]
    assert seen["reminders"] == [(1, f"Herinnering {anna}"), (2, f"Herinnering {bob}")]
    assert seen["next"] == 4  # numbers go on after the merged ones
    assert seen["reviews"] == ["Goed", "Nieuw oordeel", "Redelijk"]
    assert seen["o1"] == (1, 5)  # recounted: one review of o1 left
    assert seen["profile"] == {
        ProfileField.EXPERTISE: "formatief evalueren",
        ProfileField.SCHOOL: "De Linde",
        ProfileField.REGION: "Utrecht",
    }
    settings = seen["settings"]
    assert settings.nudges == frozenset({Nudge.GOALS, Nudge.LOG})
    assert settings.paused_until == NOW.date()
    assert seen["moderator"] == [False, True]  # "-100": Bob moderated it; "-200"
    assert sorted(seen["identities"]) == [("matrix", "@anna:school.nl"), ("telegram", "1")]
