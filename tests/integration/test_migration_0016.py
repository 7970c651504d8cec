"""Migration 0016: goals and activities shared (community or public) before the search
index existed become findable by /zoek once the bot starts; private ones never are. On
SQLite and PostgreSQL, from a store at 0010 holding such items."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import text

from bot.services.search import reindex_marked
from storage import upgrade_schema
from tests.integration.test_migration_0005 import _run
from tests.integration.test_storage_schema import empty_db_url  # noqa: F401
from tests.ops.stores import migrate
from tests.support.driver import PLATFORM, Driver

MEMBERS = {1: "alice", 2: "bob", 3: "carol", 4: "dave"}
# (member, kind, number, title, visibility)
ITEMS = [
    (1, "goal", 1, "Lesson study rekenen opzetten", "public"),
    (1, "activity", 1, "Geheimproject evaluatie", "private"),
    (2, "activity", 1, "Intervisie coöperatief leren", "community"),
    (2, "goal", 1, "Geheimdoel kwaliteitszorg", "private"),
    (3, "goal", 1, "Geheimplan differentiatie", "private"),
]


def _seed(connection: object) -> None:
    run = connection.execute  # type: ignore[attr-defined]
    for member_id, name in MEMBERS.items():
        run(
            text(
                "INSERT INTO members (id, display_name, language, timezone, created_at, "
                "next_activity_number, next_goal_number) VALUES "
                "(:id, :name, 'nl', 'Europe/Amsterdam', '2026-10-01 10:00:00+00', 2, 2)"
            ),
            {"id": member_id, "name": name.title()},
        )
        run(
            text(
                "INSERT INTO identities (platform, user_id, member_id, created_at) "
                "VALUES (:platform, :user, :id, '2026-10-01 10:00:00+00')"
            ),
            {"platform": PLATFORM, "user": name, "id": member_id},
        )
    run(
        text(
            "INSERT INTO communities (id, platform, chat_id, title, created_at) "
            "VALUES (1, :platform, 'group-kamer', 'kamer', '2026-10-01 10:00:00+00')"
        ),
        {"platform": PLATFORM},
    )
    for member_id in (2, 4):  # bob and dave share a group; alice and carol don't
        run(
            text(
                "INSERT INTO community_members (community_id, member_id, is_moderator, "
                "joined_at) VALUES (1, :id, false, '2026-10-01 10:00:00+00')"
            ),
            {"id": member_id},
        )
    for n, (member_id, kind, number, title, visibility) in enumerate(ITEMS, 1):
        if kind == "goal":
            statement = (
                "INSERT INTO goals (id, member_id, number, title, target_date, status, "
                "competence_areas, closing_reflection, closed_at, visibility, created_at) "
                "VALUES (:id, :member, :number, :title, NULL, 'active', '[]', NULL, NULL, "
                ":visibility, '2026-10-02 10:00:00+00')"
            )
        else:
            statement = (
                "INSERT INTO activities (id, member_id, number, date, minutes, kind, title, "
                "competence_areas, evidence, goal_number, visibility, created_at) "
                "VALUES (:id, :member, :number, '2026-10-02', 60, 'intervision', :title, "
                "'[]', NULL, NULL, :visibility, '2026-10-02 10:00:00+00')"
            )
        params = {"id": n, "member": member_id, "number": number, "title": title}
        run(text(statement), {**params, "visibility": visibility})


def ranking(said: str) -> list[str]:
    return [n.lower() for n in re.findall(r"^\d+\. (\w+) — ", said, flags=re.MULTILINE)]


async def _old_store(url: str) -> None:
    await migrate(url, "0010")
    await _run(url, _seed)
    await upgrade_schema(url)


async def test_items_shared_before_the_index_are_found_after_the_upgrade(
    empty_db_url: str,  # noqa: F811
) -> None:
    await _old_store(empty_db_url)
    driver = await Driver.open(empty_db_url)
    try:
        # Before the job has run, nothing of theirs is indexed.
        assert ranking((await driver.say("dave", "/zoek lesson study")).text) == []
        driver.core.scheduler.start()  # as the bot starts: the job runs at once
        try:
            for _ in range(100):
                said = await driver.say("dave", "/zoek lesson study")
                if ranking(said.text):
                    break
                await asyncio.sleep(0.05)
        finally:
            await driver.core.scheduler.stop()
        assert ranking(said.text) == ["alice"]  # her public goal
        assert ranking((await driver.say("dave", "/zoek cooperatief leren")).text) == ["bob"]
        # bob's activity is community only: carol shares no group with him.
        assert ranking((await driver.say("carol", "/zoek cooperatief leren")).text) == []
        for secret in ("geheimproject", "geheimdoel", "geheimplan", "kwaliteitszorg"):
            assert ranking((await driver.say("dave", f"/zoek {secret}")).text) == [], secret
        assert await reindex_marked(driver.core.store) == 0  # the marks are gone
    finally:
        await driver.close()


async def test_private_items_are_never_marked_nor_indexed(
    empty_db_url: str,  # noqa: F811
) -> None:
    await _old_store(empty_db_url)

    def marked(connection: object) -> list[int]:
        rows = connection.execute(  # type: ignore[attr-defined]
            text("SELECT member_id FROM search_reindex ORDER BY member_id")
        )
        return [int(row[0]) for row in rows]

    assert await _run(empty_db_url, marked) == [1, 2]  # carol shares nothing
    driver = await Driver.open(empty_db_url)
    try:
        assert await reindex_marked(driver.core.store, batch=1) == 2  # batch by batch
        assert await reindex_marked(driver.core.store) == 0

        def terms(connection: object) -> set[str]:
            rows = connection.execute(text("SELECT DISTINCT term FROM search_terms"))  # type: ignore[attr-defined]
            return {str(row[0]) for row in rows}

        indexed = await _run(empty_db_url, terms)
        assert indexed and not {t for t in indexed if t.startswith("geheim")}
        assert "kwaliteitszorg" not in indexed and "differentiatie" not in indexed
    finally:
        await driver.close()


async def test_concurrent_jobs_claim_each_member_once(store_url: str) -> None:
    driver = await Driver.open(store_url)
    try:
        for n in range(30):
            await driver.say(f"m{n}", "/doel Lesbezoek plannen #openbaar")

        def mark_all(uow: object) -> None:
            ids = range(1, 31)
            uow.search.mark(ids)  # type: ignore[attr-defined]
            uow.search.mark(ids)  # twice: one mark each

        await driver.core.store.run(mark_all)
        counts = await asyncio.gather(
            *(reindex_marked(driver.core.store, batch=4) for _ in range(3))
        )
        assert sum(counts) == 30
        found = ranking((await driver.say("zoe", "/zoek lesbezoek")).text)
        assert len(found) == 10  # the first page of the thirty
    finally:
        await driver.close()


async def test_shared_profiles_are_reindexed_with_todays_words(
    empty_db_url: str,  # noqa: F811
) -> None:
    """A profile shared at 0012 was indexed with an older word list: rebuilt once, its
    compounds are split as today ("ouderbetrokkenheid" is found by "ouders")."""
    await migrate(empty_db_url, "0012")

    def seed(connection: object) -> None:
        _seed(connection)
        run = connection.execute  # type: ignore[attr-defined]
        for member_id, visibility in ((3, "public"), (4, "private")):
            run(
                text(
                    "INSERT INTO profile_fields (member_id, field, value, visibility, "
                    "updated_at) VALUES (:id, 'expertise', 'ouderbetrokkenheid', "
                    ":visibility, '2026-11-01 10:00:00+00')"
                ),
                {"id": member_id, "visibility": visibility},
            )

    await _run(empty_db_url, seed)
    await upgrade_schema(empty_db_url)
    driver = await Driver.open(empty_db_url)
    try:
        assert await reindex_marked(driver.core.store) == 3  # alice, bob, carol; not dave
        assert ranking((await driver.say("bob", "/zoek ouders")).text) == ["carol"]
    finally:
        await driver.close()
