"""Backup while teachers keep logging, restore into an empty store: every member's JSON
export is what it was (at the moment of the backup: a consistent copy, never half a
command). An older-schema backup restores and is migrated. A non-empty store is refused
unless forced, and then its contents are kept aside first. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from adapters.cli import main
from adapters.ops.backup import BackupError, backup, restore
from storage import open_store, upgrade_schema
from storage.migrate import head_revision
from tests.conftest import create_pg_database, drop_pg_database, run_isolated
from tests.ops.stores import core_for, exports, migrate, says

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

TEACHERS = 12


@pytest.fixture
def empty_store(
    request: pytest.FixtureRequest, store_url: str, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """Makes empty, migrated stores of the same kind as `store_url`."""
    made: list[str] = []
    counter = iter(range(100))

    def make() -> str:
        if store_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / f'restored-{next(counter)}.db'}"
        else:
            url = create_pg_database(request.getfixturevalue("pg_admin_url"), "ops_restore")
            made.append(url)
        run_isolated(upgrade_schema(url))
        return url

    yield make
    for url in made:
        drop_pg_database(request.getfixturevalue("pg_admin_url"), url)


def _consistent_prefix(before: dict[str, Any], later: dict[str, Any]) -> bool:
    """`before` is `later` as it was at some moment: the first activities and goals."""
    for key in ("activities", "goals"):
        old, new = before[key], later[key]
        if [item["id"] for item in old] != list(range(1, len(old) + 1)):
            return False
        if old != new[: len(old)] and key == "activities":
            return False
        if key == "goals":
            by_id = {goal["id"]: goal for goal in new}
            for goal in old:  # linked activities grow later; the rest must match
                now = {**by_id[goal["id"]], "activity_ids": goal["activity_ids"]}
                if goal != now:
                    return False
    return before["member"] == later["member"]


async def test_backup_while_commands_are_handled_then_restore(
    store_url: str, tmp_path: Path, empty_store: Callable[[], str]
) -> None:
    data = tmp_path / "data"
    store = await open_store(store_url)
    core = core_for(store, data)
    handled = 0
    stop = asyncio.Event()
    progress = asyncio.Event()

    async def until(count: int) -> None:
        while handled < count:
            progress.clear()
            await progress.wait()

    async def teacher(n: int) -> None:
        nonlocal handled
        await core.router.handle(says(n, "/rusttijd uit"))
        round_ = 0
        while not stop.is_set():
            round_ += 1
            await core.router.handle(says(n, f"/log {round_ % 3 + 1}u intervisie ronde {round_}"))
            if round_ % 4 == 0:
                await core.router.handle(says(n, f"/doel Doel {round_} voor dit jaar"))
            handled += 1
            progress.set()

    workers = [asyncio.create_task(teacher(n)) for n in range(TEACHERS)]
    try:
        async with asyncio.timeout(60):
            await until(60)
            during = await backup(store_url, tmp_path / "during.bak", data)
            await until(handled + 60)  # they kept going while it ran and after
    finally:
        stop.set()
        await asyncio.gather(*workers)
    now = datetime.now(UTC)
    source = await exports(store, now)
    assert len(source) == TEACHERS

    # The copy made under load: per member, a moment of the history, never half of it.
    target = empty_store()
    result = await restore(target, during, force=False, data_dir=data)
    assert result.safety_copy is None and result.revision_now == head_revision()
    restored = await open_store(target)
    try:
        copied = await exports(restored, now)
    finally:
        await restored.close()
    assert copied.keys() == source.keys()
    assert all(_consistent_prefix(copied[m], source[m]) for m in source)
    assert sum(len(copied[m]["activities"]) for m in copied) >= 60
    assert any(copied[m] != source[m] for m in source)  # later commands are not in it

    # A backup of the live store (the bot still open on it) → identical exports.
    quiet = await backup(store_url, tmp_path / "quiet.bak", data)
    target = empty_store()
    await restore(target, quiet, force=False, data_dir=data)
    restored = await open_store(target)
    try:
        assert await exports(restored, now) == source
    finally:
        await restored.close()
        await store.close()


async def test_an_older_schema_backup_restores_and_is_migrated(
    store_url: str, tmp_path: Path, empty_store: Callable[[], str]
) -> None:
    data = tmp_path / "data"
    source = empty_store()  # its own database: the shared one must stay at head
    store = await open_store(source)
    core = core_for(store, data)
    for n in range(3):
        await core.router.handle(says(n, "/log 2u lesson study rekenen gisteren"))
        await core.router.handle(says(n, "/doel Formatief evalueren #vakdidactisch"))
    now = datetime.now(UTC)
    before = await exports(store, now)
    await store.close()
    await migrate(source, "0003", down=True)  # the schema of an older version
    old = await backup(source, tmp_path / "old.bak", data)

    target = empty_store()
    result = await restore(target, old, force=False, data_dir=data)
    assert (result.revision_in_backup, result.revision_now) == ("0003", head_revision())
    restored = await open_store(target)
    try:
        assert await exports(restored, now) == before
    finally:
        await restored.close()


async def test_a_store_that_is_not_empty_is_refused_unless_forced(
    store_url: str, tmp_path: Path, empty_store: Callable[[], str]
) -> None:
    data = tmp_path / "data"
    store = await open_store(store_url)
    await core_for(store, data).router.handle(says(0, "/log 1u webinar"))
    await store.close()
    file = await backup(store_url, tmp_path / "one.bak", data)

    other = empty_store()
    other_store = await open_store(other)
    await core_for(other_store, data).router.handle(says(5, "/log 3u cursus"))
    await other_store.close()
    with pytest.raises(BackupError, match="The store is not empty"):
        await restore(other, file, force=False, data_dir=data)

    result = await restore(other, file, force=True, data_dir=data)
    assert result.safety_copy is not None and result.safety_copy.exists()
    assert result.safety_copy.parent == data / "backups"
    now = datetime.now(UTC)
    reopened = await open_store(other)
    try:
        assert list(await exports(reopened, now)) == ["u0"]  # u5's store was replaced…
    finally:
        await reopened.close()
    kept = empty_store()
    await restore(kept, result.safety_copy, force=False, data_dir=data)
    kept_store = await open_store(kept)
    try:  # …and is in the safety copy
        assert list(await exports(kept_store, now)) == ["u5"]
    finally:
        await kept_store.close()


def test_the_command_line_names_what_to_do(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    live = f"sqlite:///{tmp_path / 'live.db'}"
    run_isolated(upgrade_schema(live))
    made = runner.invoke(main, ["backup", "--db", live], env=env)
    assert made.exit_code == 0, made.output
    assert made.output.startswith("Back-up gemaakt / backup written: ")
    (copy,) = (tmp_path / "data" / "backups").glob("portfolio-*.db")

    into = f"sqlite:///{tmp_path / 'new.db'}"
    done = runner.invoke(main, ["restore", str(copy), "--db", into], env=env)
    assert done.exit_code == 0, done.output
    assert done.output == f"Hersteld / restored from {copy} (schema {head_revision()})\n"

    (tmp_path / "notes.txt").write_text("not a backup")
    wrong = runner.invoke(main, ["restore", str(tmp_path / "notes.txt"), "--db", into], env=env)
    assert wrong.exit_code == 1
    assert "is not a portfoliobot backup; the store is SQLite" in wrong.output

    copy.unlink()
    backups = tmp_path / "data" / "backups"
    for day in range(1, 10):  # nine older nightly copies
        (backups / f"portfolio-202611{day:02d}T031500Z.db").write_text("")
    kept = runner.invoke(main, ["backup", "--db", live, "--keep", "7"], env=env)
    assert kept.exit_code == 0, kept.output
    assert kept.output.count("old backup removed") == 3
    names = sorted(p.name for p in backups.glob("portfolio-*"))
    assert names[:6] == [f"portfolio-202611{day:02d}T031500Z.db" for day in range(4, 10)]
    assert len(names) == 7 and names[6] > "portfolio-20261201"  # tonight's
