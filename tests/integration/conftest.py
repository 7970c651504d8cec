"""Fixtures for the integration tests (backends: tests/conftest.py).

``bot``           the whole core on ``store_url``, driven as members would (tests.support.driver).
``create_member`` / ``member``  members made straight in the store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.domain.members import Member
from bot.services.ports import Store
from tests.integration.storage_builders import new_member
from tests.support.driver import Driver

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


@pytest.fixture
async def bot(store_url: str) -> AsyncIterator[Driver]:
    driver = await Driver.open(store_url)
    yield driver
    await driver.close()
