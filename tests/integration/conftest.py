"""Fixtures for the storage integration tests (backends: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.domain.members import Member
from bot.services.ports import Store
from tests.integration.storage_builders import new_member

MemberFactory = Callable[..., Awaitable[Member]]


@pytest.fixture
def create_member(store: Store) -> MemberFactory:
    async def create(platform: str = "telegram", user_id: str = "1001", **kw: Any) -> Member:
        return await store.run(
            lambda uow: uow.members.create_with_identity(platform, user_id, new_member(**kw))
        )

    return create


@pytest.fixture
async def member(create_member: MemberFactory) -> Member:
    created: Member = await create_member()
    return created
