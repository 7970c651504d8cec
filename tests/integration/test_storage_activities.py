"""ActivityRepository on every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.activities import (
    ActivityKind,
    CompetenceArea,
    LearningForm,
    Reflection,
    Visibility,
)
from bot.domain.members import Member
from bot.services.ports import ActivityFilter, Store, UnitOfWork
from tests.integration.conftest import MemberFactory
from tests.integration.storage_builders import add_activity, make_activity

ALL = ActivityFilter()


async def test_add_and_get_round_trip_every_field(store: Store, member: Member) -> None:
    activity = make_activity(
        member.id,
        1,
        date=date(2025, 2, 3),
        minutes=90,
        kind=ActivityKind.LESSON_STUDY,
        title="Lesson study: feedback in klas 2",
        competence_areas=(CompetenceArea.DIDACTICS, CompetenceArea.COLLABORATION),
        reflections=(
            Reflection("Leerlingen reageerden goed.", datetime(2025, 2, 3, 16, tzinfo=UTC)),
            Reflection("Een week later: nog steeds.", datetime(2025, 2, 10, 9, tzinfo=UTC)),
        ),
        evidence="https://example.org/verslag",
        goal_number=3,
        visibility=Visibility.COMMUNITY,
    )
    added = await store.run(lambda uow: uow.activities.add(activity))
    assert added.id is not None
    loaded = await store.run(lambda uow: uow.activities.get(member.id, 1))
    assert loaded == activity
    assert loaded is not None and loaded.id == added.id
    assert loaded.competence_areas == (CompetenceArea.DIDACTICS, CompetenceArea.COLLABORATION)


async def test_get_and_latest_when_missing(store: Store, member: Member) -> None:
    assert await store.run(lambda uow: uow.activities.get(member.id, 1)) is None
    assert await store.run(lambda uow: uow.activities.latest(member.id)) is None


async def test_latest_is_the_highest_number_not_the_newest_date(
    store: Store, member: Member
) -> None:
    def log(uow: UnitOfWork) -> None:
        add_activity(uow, member.id, date=date(2025, 3, 10))
        add_activity(uow, member.id, date=date(2025, 1, 1))  # logged last, happened first

    await store.run(log)
    latest = await store.run(lambda uow: uow.activities.latest(member.id))
    assert latest is not None and latest.number == 2


async def test_save_changes_the_activity(store: Store, member: Member) -> None:
    added = await store.run(lambda uow: add_activity(uow, member.id))
    changed = added.changed(
        minutes=45,
        kind=ActivityKind.READING,
        title="Boek",
        goal_number=1,
        competence_areas=(CompetenceArea.SELF,),
    )
    await store.run(lambda uow: uow.activities.save(changed))
    assert await store.run(lambda uow: uow.activities.get(member.id, added.number)) == changed


async def test_reflections_are_appended_and_replaced_only_on_purpose(
    store: Store, member: Member
) -> None:
    added = await store.run(lambda uow: add_activity(uow, member.id))
    first = Reflection("Eerste", datetime(2025, 3, 1, 10, tzinfo=UTC))
    second = Reflection("Tweede", datetime(2025, 3, 2, 10, tzinfo=UTC))
    await store.run(lambda uow: uow.activities.add_reflection(added, first))
    await store.run(lambda uow: uow.activities.add_reflection(added, second))
    await store.run(lambda uow: uow.activities.save(added.changed(minutes=30)))  # kept
    loaded = await store.run(lambda uow: uow.activities.get(member.id, added.number))
    assert loaded is not None and loaded.reflections == (first, second)
    assert loaded.reflection == "Tweede"
    await store.run(lambda uow: uow.activities.set_reflections(added, (first,)))
    listed = await store.run(lambda uow: uow.activities.list(member.id, ALL))
    assert [a.reflections for a in listed] == [(first,)]
    await store.run(lambda uow: uow.activities.delete(member.id, added.number))
    assert await store.run(lambda uow: uow.activities.get(member.id, added.number)) is None


async def test_save_of_a_missing_activity_fails(store: Store, member: Member) -> None:
    with pytest.raises(LookupError):
        await store.run(lambda uow: uow.activities.save(make_activity(member.id, 9)))


async def test_delete(store: Store, member: Member) -> None:
    added = await store.run(lambda uow: add_activity(uow, member.id))
    assert await store.run(lambda uow: uow.activities.delete(member.id, added.number)) is True
    assert await store.run(lambda uow: uow.activities.delete(member.id, added.number)) is False
    assert await store.run(lambda uow: uow.activities.get(member.id, added.number)) is None


async def _log_mixed(store: Store, member_id: int) -> None:
    def log(uow: UnitOfWork) -> None:
        add_activity(uow, member_id, date=date(2025, 1, 10), kind=ActivityKind.COURSE)  # 1
        add_activity(uow, member_id, date=date(2025, 2, 1), kind=ActivityKind.READING)  # 2
        add_activity(
            uow,
            member_id,
            date=date(2025, 1, 10),
            kind=ActivityKind.PLG,
            minutes=30,
            goal_number=1,
        )  # 3
        add_activity(
            uow,
            member_id,
            date=date(2025, 3, 5),
            kind=ActivityKind.DEGREE,
            minutes=600,
            goal_number=2,
        )  # 4
        add_activity(
            uow,
            member_id,
            date=date(2025, 2, 1),
            kind=ActivityKind.COURSE,
            minutes=120,
            goal_number=1,
        )  # 5

    await store.run(log)


async def _numbers(
    store: Store, member_id: int, flt: ActivityFilter, limit: int | None = None
) -> list[int]:
    found = await store.run(lambda uow: uow.activities.list(member_id, flt, limit))
    return [a.number for a in found]


async def test_list_is_newest_first_by_date_then_number(store: Store, member: Member) -> None:
    await _log_mixed(store, member.id)
    assert await _numbers(store, member.id, ALL) == [4, 5, 2, 3, 1]
    assert await _numbers(store, member.id, ALL, limit=2) == [4, 5]
    assert await _numbers(store, member.id, ALL, limit=0) == []


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (ActivityFilter(since=date(2025, 2, 1)), [4, 5, 2]),
        (ActivityFilter(until=date(2025, 2, 1)), [5, 2, 3, 1]),  # until is inclusive
        (ActivityFilter(since=date(2025, 1, 11), until=date(2025, 3, 4)), [5, 2]),
        (ActivityFilter(kind=ActivityKind.COURSE), [5, 1]),
        (ActivityFilter(goal_number=1), [5, 3]),
        (ActivityFilter(since=date(2025, 2, 1), kind=ActivityKind.COURSE, goal_number=1), [5]),
        (ActivityFilter(since=date(2026, 1, 1)), []),
    ],
)
async def test_list_filters(
    store: Store, member: Member, flt: ActivityFilter, expected: list[int]
) -> None:
    await _log_mixed(store, member.id)
    assert await _numbers(store, member.id, flt) == expected


async def test_members_never_see_each_other(
    store: Store, member: Member, create_member: MemberFactory
) -> None:
    other = await create_member(user_id="2")
    await _log_mixed(store, member.id)
    await _log_mixed(store, other.id)
    await store.run(lambda uow: uow.activities.delete(other.id, 1))
    assert await _numbers(store, member.id, ALL) == [4, 5, 2, 3, 1]
    assert await _numbers(store, other.id, ALL) == [4, 5, 2, 3]
    totals = await store.run(lambda uow: uow.activities.totals(member.id, ALL))
    assert totals[LearningForm.NON_FORMAL] == (2, 180)


async def test_totals_per_learning_form(store: Store, member: Member) -> None:
    await _log_mixed(store, member.id)
    assert await store.run(lambda uow: uow.activities.totals(member.id, ALL)) == {
        LearningForm.FORMAL: (1, 600),
        LearningForm.NON_FORMAL: (2, 180),
        LearningForm.INFORMAL: (2, 90),
    }
    since_feb = ActivityFilter(since=date(2025, 2, 1))
    assert await store.run(lambda uow: uow.activities.totals(member.id, since_feb)) == {
        LearningForm.FORMAL: (1, 600),
        LearningForm.NON_FORMAL: (1, 120),
        LearningForm.INFORMAL: (1, 60),
    }


async def test_totals_of_nothing_are_zero_for_every_form(store: Store, member: Member) -> None:
    totals = await store.run(lambda uow: uow.activities.totals(member.id, ALL))
    assert totals == dict.fromkeys(LearningForm, (0, 0))


async def test_progress_per_goal_and_unlink(store: Store, member: Member) -> None:
    await _log_mixed(store, member.id)
    assert await store.run(lambda uow: uow.activities.progress(member.id)) == {
        1: (2, 150),
        2: (1, 600),
    }
    await store.run(lambda uow: uow.activities.unlink_goal(member.id, 1))
    assert await store.run(lambda uow: uow.activities.progress(member.id)) == {2: (1, 600)}
    unlinked = await store.run(lambda uow: uow.activities.get(member.id, 3))
    assert unlinked == make_activity(
        member.id, 3, date=date(2025, 1, 10), kind=ActivityKind.PLG, minutes=30
    )
