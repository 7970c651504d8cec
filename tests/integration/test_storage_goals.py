"""GoalRepository on every backend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.activities import CompetenceArea, Visibility
from bot.domain.goals import GoalStatus
from bot.domain.members import Member
from bot.services.ports import Store, UnitOfWork
from tests.integration.storage_builders import NOW, add_goal, make_goal


async def test_add_get_latest(store: Store, member: Member) -> None:
    goal = make_goal(
        member.id,
        1,
        target_date=date(2025, 7, 1),
        competence_areas=(CompetenceArea.PEDAGOGY,),
        visibility=Visibility.PUBLIC,
    )
    added = await store.run(lambda uow: uow.goals.add(goal))
    assert added.id is not None
    assert await store.run(lambda uow: uow.goals.get(member.id, 1)) == goal
    await store.run(lambda uow: uow.goals.add(make_goal(member.id, 2)))
    latest = await store.run(lambda uow: uow.goals.latest(member.id))
    assert latest is not None and latest.number == 2


async def test_missing_goals(store: Store, member: Member) -> None:
    assert await store.run(lambda uow: uow.goals.get(member.id, 1)) is None
    assert await store.run(lambda uow: uow.goals.latest(member.id)) is None
    assert await store.run(lambda uow: uow.goals.list(member.id)) == []
    assert await store.run(lambda uow: uow.goals.delete(member.id, 1)) is False
    with pytest.raises(LookupError):
        await store.run(lambda uow: uow.goals.save(make_goal(member.id, 1)))


async def test_close_and_save(store: Store, member: Member) -> None:
    goal = await store.run(lambda uow: add_goal(uow, member.id))
    goal.close(GoalStatus.ACHIEVED, "Gelukt!", NOW + timedelta(days=30))
    await store.run(lambda uow: uow.goals.save(goal))
    loaded = await store.run(lambda uow: uow.goals.get(member.id, goal.number))
    assert loaded == goal
    assert loaded is not None
    assert loaded.closed_at == NOW + timedelta(days=30)
    assert loaded.status is GoalStatus.ACHIEVED


async def test_list_open_first_then_by_number(store: Store, member: Member) -> None:
    def plan(uow: UnitOfWork) -> None:
        for _ in range(4):
            add_goal(uow, member.id)
        for number, status in ((1, GoalStatus.ACHIEVED), (3, GoalStatus.DROPPED)):
            goal = uow.goals.get(member.id, number)
            assert goal is not None
            goal.close(status, None, NOW)
            uow.goals.save(goal)

    await store.run(plan)

    async def numbers(status: GoalStatus | None = None) -> list[int]:
        goals = await store.run(lambda uow: uow.goals.list(member.id, status))
        return [g.number for g in goals]

    assert await numbers() == [2, 4, 1, 3]
    assert await numbers(GoalStatus.ACTIVE) == [2, 4]
    assert await numbers(GoalStatus.DROPPED) == [3]


async def test_delete(store: Store, member: Member) -> None:
    goal = await store.run(lambda uow: add_goal(uow, member.id))
    assert await store.run(lambda uow: uow.goals.delete(member.id, goal.number)) is True
    assert await store.run(lambda uow: uow.goals.get(member.id, goal.number)) is None
