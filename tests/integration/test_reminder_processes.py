"""Dispatcher processes against real stores: kill -9 mid-batch and restart, and two
processes sharing one PostgreSQL — every occurrence reaches the outbox exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery.reminders import occurrence_key
from bot.services.ports import Store
from storage import open_store
from tests.conftest import _execute, run_isolated
from tests.support.reminder_seed import outbox_keys, reminder_rows, seed

ROOT = Path(__file__).resolve().parents[2]


def _start(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.dispatch_process", url, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> int:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return int(out.split("DONE ")[1])


async def _check_exactly_once(store: Store, due_at: datetime, count: int) -> None:
    keys = await store.run(outbox_keys)
    rows = await store.run(reminder_rows)
    assert len(rows) == count
    assert len(keys) == len(set(keys)) == count
    assert set(keys) == {occurrence_key(rid, due_at) for rid, *_ in rows}
    after = datetime.now(UTC)
    for _rid, kind, state, upcoming in rows:
        if kind == "once":
            assert (state, upcoming) == ("done", None)
        else:  # advanced once, to the next 08:00 — not skipped beyond it
            assert state == "active" and upcoming is not None
            assert after < upcoming <= after + timedelta(days=1)


async def test_kill_9_mid_batch_then_restart_delivers_each_occurrence_once(
    store: Store, store_url: str
) -> None:
    count = 3000
    due_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    await seed(store, count, due_at)
    first = _start(store_url, "--batch", "100", "--pause", "0.5")
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "STARTED"
        for _ in range(5):  # four batches committed; the fifth is in its transaction
            assert first.stdout.readline().strip() == "IN BATCH 100"
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.wait(timeout=30)
        first.communicate()
    assert first.returncode == -signal.SIGKILL
    queued_before = await store.run(lambda uow: len(outbox_keys(uow)))
    assert queued_before == 400  # the batch in flight was rolled back, not half-written
    second = _start(store_url, "--batch", "100")
    assert _finish(second) == count - queued_before
    await _check_exactly_once(store, due_at, count)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """The session's PostgreSQL database, emptied (as `store_url` does for "postgres")."""
    url, tables = request.getfixturevalue("_pg_session_database")
    if tables:
        quoted = ", ".join(f'"{table}"' for table in tables)
        run_isolated(_execute(url, f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    return str(url)


@pytest.mark.postgres
async def test_two_dispatchers_on_postgresql_share_5000_due_reminders(pg_url: str) -> None:
    count = 5000
    due_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    store = await open_store(pg_url)
    try:
        await seed(store, count, due_at)
        processes = [_start(pg_url, "--batch", "50", "--pause", "0.005") for _ in range(2)]
        queued = [_finish(process) for process in processes]
        assert sum(queued) == count
        assert all(share > 0 for share in queued), queued  # both did part of the work
        await _check_exactly_once(store, due_at, count)
    finally:
        await store.close()
